import { lookup } from 'node:dns/promises';
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { forbiddenAddressReason, hostPortOf, isIpLiteral, outboundUrlProblem } from '../domain/outbound-address.js';

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (the system resolver by default; tests inject their own). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** How outbound calls are made: which internal endpoints are allowed on purpose, and the limits. */
export interface OutboundHttpOptions {
  /** `host:port` entries (OUTBOUND_ALLOW_HOSTS) that may be called over plain http and at any address. */
  allowHosts: readonly string[];
  resolve?: Resolver;
  /** For the whole exchange, connection to last byte (default 10 s). */
  timeoutMs?: number;
  /** Bytes of response read before the connection is dropped (default 64 KiB); nothing of it is kept. */
  maxResponseBytes?: number;
}

/** What an outbound call tells: only the status, never the body. */
export interface OutboundResponse {
  status: number;
  /** The standard reason phrase of the status (not the server's own words). */
  statusText: string;
}

/** An outbound call that was not made (or not finished), with a reason safe to store and show. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

/** Makes outbound HTTP requests to URLs people configured (webhooks), and nowhere inside the network. */
export interface OutboundHttp {
  /** POSTs JSON to `url`; resolves with the status (redirects are not followed), rejects with OutboundRefused. */
  postJson(url: string, body: unknown): Promise<OutboundResponse>;
  /** POSTs `body` exactly as given (signed webhooks sign these bytes) with extra headers; the same rules. */
  postRaw(url: string, body: string, headers: Record<string, string>): Promise<OutboundResponse>;
  /** Resolves and checks `url` as a call would, without calling it; rejects with OutboundRefused. */
  check(url: string): Promise<void>;
}

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

// The connection goes to the address that was checked, whatever the name resolves to by then:
// a DNS answer that changes between the check and the connect (rebinding) is never asked for.
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (typeof options === 'object' && options?.all)
      (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

const reasonOf = (error: unknown): string => {
  const code = (error as { code?: string }).code ?? '';
  if (error instanceof OutboundRefused) return error.message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name could not be resolved';
  if (/CERT|SSL|TLS|ERR_TLS/.test(code)) return 'its TLS certificate could not be verified';
  return 'the connection failed';
};

/**
 * The one way TicketFlow calls URLs that people configure (Teams webhooks today, outbound webhooks
 * later). A call must be https (plain http only for OUTBOUND_ALLOW_HOSTS), its host name is
 * resolved here and every address must be public (no loopback, private, link-local/metadata, CGNAT,
 * multicast, unspecified or IPv4-mapped ones) unless the `host:port` is allow-listed; the connection
 * is pinned to the checked address; redirects are not followed; time and response size are bounded;
 * and only the status comes back.
 */
export function createOutboundHttp(options: OutboundHttpOptions): OutboundHttp {
  const resolve = options.resolve ?? systemResolver;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  const allowHosts = options.allowHosts.map((h) => h.toLowerCase());

  async function checkedAddress(url: URL): Promise<ResolvedAddress> {
    const problem = outboundUrlProblem(url.href, allowHosts);
    if (problem) throw new OutboundRefused(`the URL ${problem}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses: ResolvedAddress[] = isIpLiteral(host)
      ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
      : await resolve(host).catch((error: unknown) => {
          throw new OutboundRefused(reasonOf(error));
        });
    if (addresses.length === 0) throw new OutboundRefused('its host name could not be resolved');
    if (!allowHosts.includes(hostPortOf(url))) {
      // Every address, not only the first: the connection could otherwise land on any of them.
      for (const { address } of addresses) {
        const reason = forbiddenAddressReason(address);
        if (reason)
          throw new OutboundRefused(`its host resolves to a ${reason} address, which outbound calls may not reach`);
      }
    }
    return addresses[0] as ResolvedAddress;
  }

  const parse = (target: string): URL => {
    try {
      return new URL(target);
    } catch {
      throw new OutboundRefused('the URL is not a URL');
    }
  };

  async function post(target: string, body: string, extraHeaders: Record<string, string>): Promise<OutboundResponse> {
    const url = parse(target);
    const pinned = await checkedAddress(url);
    const payload = Buffer.from(body);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<OutboundResponse>((resolvePromise, reject) => {
      const request = transport.request(url, {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(pinned),
        headers: {
          ...extraHeaders,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'TicketFlow',
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
      request.once('response', (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        const done = () => {
          response.destroy();
          resolvePromise({ status, statusText: STATUS_CODES[status] ?? 'Unknown' });
        };
        // Read (and drop) a bounded amount so a well-behaved server can finish; never more.
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > maxResponseBytes) done();
        });
        response.once('end', done);
        response.once('close', done);
        response.once('error', done);
      });
      request.once('error', (error) => {
        const timedOut = (error as { name?: string }).name === 'AbortError';
        reject(new OutboundRefused(timedOut ? `no answer within ${timeoutMs} ms` : reasonOf(error)));
      });
      request.end(payload);
    });
  }

  return {
    postJson: (target, body) => post(target, JSON.stringify(body), {}),
    postRaw: post,
    async check(target) {
      await checkedAddress(parse(target));
    },
  };
}
