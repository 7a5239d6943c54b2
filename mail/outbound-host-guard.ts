import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { forbiddenAddressReason } from '../domain/outbound-address.js';

// Admin-set hosts (IMAP, SMTP) are reached from inside the network: a mailbox pointed at
// 169.254.169.254 or an internal service must not turn TicketFlow into a probe (SSRF). Private,
// loopback, link-local and other non-public ranges are refused unless OUTBOUND_ALLOW_HOSTS names
// the host:port. The address is resolved once and that address is what we connect to, so DNS
// cannot answer differently between the check and the connection.
// Which addresses count as non-public is decided once, in domain/outbound-address.ts (the same rule
// as outbound HTTP in notify/outbound-http.ts).

/** Raised when a host may not be contacted; the message says why and how to allow it. */
export class OutboundHostRefused extends Error {
  override name = 'OutboundHostRefused';
}

/** Entries `host:port` from OUTBOUND_ALLOW_HOSTS. */
export type OutboundAllowList = readonly string[];

/** Resolves `host` and returns the address to connect to, refusing non-public addresses not on the allow list. */
export async function resolveOutboundHost(host: string, port: number, allow: OutboundAllowList): Promise<string> {
  const allowed = allow.some((entry) => entry.toLowerCase() === `${host}:${port}`.toLowerCase());
  let address: string;
  if (isIP(host)) address = host;
  else {
    try {
      address = (await lookup(host)).address;
    } catch (error) {
      throw new Error(
        `DNS: the name ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'}); check the spelling.`,
      );
    }
  }
  const reason = allowed ? null : forbiddenAddressReason(address);
  if (reason)
    throw new OutboundHostRefused(
      `${host} (${address}) is a private or local address (${reason}); TicketFlow does not connect there unless OUTBOUND_ALLOW_HOSTS lists ${host}:${port}.`,
    );
  return address;
}
