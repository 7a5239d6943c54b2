// Which addresses and URLs TicketFlow may call on behalf of what people configure (webhooks), so
// that a URL typed into the back office cannot reach the inside of the network (SSRF). Pure code:
// the notifier resolves names and checks every address it got with `forbiddenAddressReason`.

type Range = { net: bigint; bits: number; reason: string };

function parseIPv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  let address = text.toLowerCase();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes two hextets.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail?.[1]) {
    const v4 = parseIPv4(tail[1]);
    if (v4 === null) return null;
    address = `${address.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

const v4 = (cidr: string, reason: string): Range => {
  const [net = '', bits = '32'] = cidr.split('/');
  return { net: parseIPv4(net) ?? 0n, bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [net = '', bits = '128'] = cidr.split('/');
  return { net: parseIPv6(net) ?? 0n, bits: Number(bits), reason };
};

const ipv4Ranges: Range[] = [
  v4('0.0.0.0/8', 'unspecified ("this network")'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT (shared)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local (cloud metadata lives here)'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const ipv6Ranges: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('100::/64', 'discard-only'),
  v6('2001:db8::/32', 'documentation'),
  v6('2001::/32', 'Teredo tunnel'),
  v6('2001:10::/28', 'ORCHID'),
  v6('2001:20::/28', 'ORCHIDv2'),
  v6('64:ff9b:1::/48', 'local NAT64'),
  v6('fc00::/7', 'unique local (private)'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

const inRange = (value: bigint, width: number, range: Range) =>
  value >> BigInt(width - range.bits) === range.net >> BigInt(width - range.bits);

// IPv6 forms that carry an IPv4 address inside: the embedded address decides.
const embeddedIPv4 = [
  { prefix: v6('::ffff:0:0/96', 'IPv4-mapped'), shift: 0n },
  { prefix: v6('::/96', 'IPv4-compatible'), shift: 0n },
  { prefix: v6('64:ff9b::/96', 'NAT64'), shift: 0n },
  { prefix: v6('2002::/16', '6to4'), shift: 80n },
];

/**
 * Why an outbound request must not go to `address` (an IPv4 or IPv6 literal): loopback, private,
 * link-local (including cloud metadata at 169.254.169.254), carrier-grade NAT, multicast,
 * unspecified, documentation and other special ranges, also when wrapped in IPv4-mapped, NAT64 or
 * 6to4 IPv6 addresses. Null for a public address; a reason for anything unreadable too.
 */
export function forbiddenAddressReason(address: string): string | null {
  const four = parseIPv4(address);
  if (four !== null) {
    if (four === 0xffffffffn) return 'broadcast';
    return ipv4Ranges.find((r) => inRange(four, 32, r))?.reason ?? null;
  }
  const six = parseIPv6(address);
  if (six === null) return 'not an IP address';
  for (const { prefix, shift } of embeddedIPv4) {
    if (!inRange(six, 128, prefix)) continue;
    const inner = (six >> shift) & 0xffffffffn;
    if (prefix.bits === 96 && prefix.net === 0n && inner <= 1n) break; // :: and ::1 themselves
    const dotted = [24n, 16n, 8n, 0n].map((s) => String((inner >> s) & 0xffn)).join('.');
    const reason = forbiddenAddressReason(dotted);
    return reason ? `${reason} (inside an ${prefix.reason} IPv6 address)` : null;
  }
  return ipv6Ranges.find((r) => inRange(six, 128, r))?.reason ?? null;
}

/** True when `host` is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  return parseIPv4(host) !== null || parseIPv6(host) !== null;
}

/** `host:port` of a URL as the allow-list writes it: lower-case host, IPv6 in brackets, the scheme's default port filled in. */
export function hostPortOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

// Names that resolve inside the network by convention; refused before any lookup.
const internalNames = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;

/**
 * What is wrong with `raw` as the URL of an outbound webhook, or null: it must be https (plain
 * http only for a `host:port` in `allowHosts`), carry no user name or password, and not name an
 * internal host or a forbidden address literally. Names are resolved and checked again when the
 * request is made (see notify/outbound-http.ts).
 */
export function outboundUrlProblem(raw: string, allowHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  const allowed = allowHosts.includes(hostPortOf(url));
  if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:'))
    return 'must be an https:// URL (plain http only for hosts listed in OUTBOUND_ALLOW_HOSTS)';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (allowed) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIpLiteral(host)) {
    const reason = forbiddenAddressReason(host);
    return reason ? `points at a ${reason} address, which outbound calls may not reach` : null;
  }
  if (internalNames.test(host.replace(/\.$/, '')) || !host.includes('.'))
    return 'names an internal host, which outbound calls may not reach';
  return null;
}

/** Parses `OUTBOUND_ALLOW_HOSTS` (comma-separated `host:port`) into normalised entries; throws naming a bad one. */
export function parseAllowHosts(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(`http://${entry}`);
      } catch {
        throw new Error(`"${entry}" is not host:port`);
      }
      if (!/:\d{1,5}$/.test(entry) || url.pathname !== '/' || url.username || `${url.host}` === '')
        throw new Error(`"${entry}" is not host:port (e.g. 127.0.0.1:3002 or hooks.internal.example:8443)`);
      return `${url.hostname.toLowerCase()}:${url.port || '80'}`;
    });
}
