import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, type DNSResolver } from 'mailauth';

/** A signing domain with its DKIM key, SPF and DMARC records, served by a resolver of its own. */
export interface TestMailDomain {
  domain: string;
  senderIp: string;
  resolver: DNSResolver;
  /** Prepends a real DKIM-Signature made with the domain's key. */
  sign(raw: Buffer): Promise<Buffer>;
}

/**
 * DNS as mailauth asks it (TXT for SPF, `selector._domainkey`, `_dmarc`), answered from memory so
 * SPF, DKIM and DMARC are verified for real on a machine without DNS.
 */
export function testMailDomain(domain: string, senderIp = '203.0.113.5'): TestMailDomain {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const records: Record<string, string[][]> = {
    [`${domain}:TXT`]: [[`v=spf1 ip4:${senderIp} -all`]],
    [`sel1._domainkey.${domain}:TXT`]: [[`v=DKIM1; k=rsa; p=${p}`]],
    [`_dmarc.${domain}:TXT`]: [['v=DMARC1; p=reject']],
  };
  return {
    domain,
    senderIp,
    resolver: async (name, type) => {
      const answer = records[`${name.toLowerCase()}:${type}`];
      if (answer) return answer;
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    },
    async sign(raw) {
      const { signatures } = await dkimSign(raw, {
        signatureData: [
          { signingDomain: domain, selector: 'sel1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) },
        ],
      } as never);
      return Buffer.concat([Buffer.from(signatures), raw]);
    },
  };
}
