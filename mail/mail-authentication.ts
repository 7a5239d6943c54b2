import { authenticate, type DNSResolver } from 'mailauth';

/** SPF, DKIM and DMARC verdicts for one inbound message. */
export interface MailAuthResults {
  spf: string;
  dkim: string;
  dmarc: string;
  /** One line for agents, e.g. `spf=pass dkim=pass (example.com) dmarc=pass`. */
  summary: string;
  /** The message proved it comes from its From domain (DMARC pass). */
  authenticated: boolean;
  details: Record<string, unknown>;
}

/** Checks a raw message's SPF, DKIM and DMARC (mailauth), or takes a provider's verdicts. */
export type MailAuthenticator = (
  raw: Buffer,
  envelope: { ip?: string; helo?: string; sender?: string },
) => Promise<MailAuthResults>;

/**
 * mailauth over the given DNS resolver (the system's by default). A DNS failure yields
 * `temperror` verdicts (recorded, not authenticated) rather than failing the import.
 */
export function createMailAuthenticator(
  options: { resolver?: DNSResolver; timeoutMs?: number } = {},
): MailAuthenticator {
  return async (raw, envelope) => {
    try {
      const result = await Promise.race([
        authenticate(raw, {
          ...(envelope.ip ? { ip: envelope.ip } : { trustReceived: true }),
          ...(envelope.helo ? { helo: envelope.helo } : {}),
          ...(envelope.sender ? { sender: envelope.sender } : {}),
          ...(options.resolver ? { resolver: options.resolver } : {}),
          disableArc: true,
          disableBimi: true,
        }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('DNS lookups timed out')), options.timeoutMs ?? 8000).unref(),
        ),
      ]);
      const spf = result.spf ? result.spf.status.result : 'none';
      const dkimPasses = result.dkim.results.filter((r) => r.status.result === 'pass');
      const dkim =
        result.dkim.results.length === 0 ? 'none' : dkimPasses.length ? 'pass' : result.dkim.results[0]!.status.result;
      const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
      const domains = dkimPasses.map((r) => r.signingDomain).join(', ');
      return {
        spf,
        dkim,
        dmarc,
        summary: `spf=${spf} dkim=${dkim}${domains ? ` (${domains})` : ''} dmarc=${dmarc}`,
        authenticated: dmarc === 'pass',
        details: {
          spf: result.spf ? { domain: result.spf.domain, result: spf, info: result.spf.info } : null,
          dkim: result.dkim.results.map((r) => ({
            domain: r.signingDomain,
            selector: r.selector,
            result: r.status.result,
            info: r.info,
          })),
          dmarc: result.dmarc ? { result: dmarc, domain: (result.dmarc as { domain?: string }).domain ?? null } : null,
        },
      };
    } catch (error) {
      const reason = (error as Error).message;
      return {
        spf: 'temperror',
        dkim: 'temperror',
        dmarc: 'temperror',
        summary: `spf=temperror dkim=temperror dmarc=temperror (${reason})`,
        authenticated: false,
        details: { error: reason },
      };
    }
  };
}

/** Verdicts SendGrid Inbound Parse already computed (its `SPF` and `dkim` fields), for the parsed (non-raw) variant. */
export function providerAuthResults(spfField: string | undefined, dkimField: string | undefined): MailAuthResults {
  const spf = (spfField ?? 'none').trim().toLowerCase() || 'none';
  const dkimPass = /:\s*pass/i.test(dkimField ?? '');
  const dkim = dkimField ? (dkimPass ? 'pass' : 'fail') : 'none';
  return {
    spf,
    dkim,
    dmarc: 'none',
    summary: `spf=${spf} dkim=${dkim} ${dkimField ? `(${dkimField.trim()}) ` : ''}dmarc=none (as reported by SendGrid)`,
    // Without DMARC alignment we cannot say the From domain is proven; aligned DKIM is the best there is.
    authenticated: dkimPass && spf === 'pass',
    details: { provider: 'sendgrid', SPF: spfField ?? null, dkim: dkimField ?? null },
  };
}
