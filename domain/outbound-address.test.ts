import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason, outboundUrlProblem, parseAllowHosts } from './outbound-address.js';

describe('forbiddenAddressReason', () => {
  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.215.14', '52.96.0.1', '2606:4700::1111', '2a00:1450::1'])
      expect(forbiddenAddressReason(address), address).toBeNull();
    // Mapped or translated public IPv4 addresses are public too.
    expect(forbiddenAddressReason('::ffff:8.8.8.8')).toBeNull();
    expect(forbiddenAddressReason('64:ff9b::808:808')).toBeNull();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.251', 'multicast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:a00:1::', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'unique local'],
    ['ff02::1', 'multicast'],
    ['[::1]', 'loopback'],
    ['localhost', 'not an IP address'],
    ['1.2.3', 'not an IP address'],
    ['1::2::3', 'not an IP address'],
  ])('%s is %s', (address, reason) => {
    expect(forbiddenAddressReason(address)).toContain(reason);
  });

  it('refuses every address of the private and internal IPv4 ranges, also IPv4-mapped', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const internal = fc.oneof(
      fc.tuple(fc.constant(10), octet, octet, octet),
      fc.tuple(fc.constant(127), octet, octet, octet),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
      fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
      fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), octet, octet),
    );
    fc.assert(
      fc.property(internal, (parts) => {
        const dotted = parts.join('.');
        expect(forbiddenAddressReason(dotted)).not.toBeNull();
        expect(forbiddenAddressReason(`::ffff:${dotted}`)).not.toBeNull();
      }),
    );
  });
});

describe('outboundUrlProblem', () => {
  it('accepts https URLs of public hosts, and http only for allow-listed host:port', () => {
    expect(outboundUrlProblem('https://outlook.office.com/webhook/abc', [])).toBeNull();
    expect(outboundUrlProblem('http://outlook.office.com/webhook/abc', [])).toMatch(/https/);
    expect(outboundUrlProblem('http://127.0.0.1:3002/teams/x', ['127.0.0.1:3002'])).toBeNull();
    expect(outboundUrlProblem('http://127.0.0.1:3003/teams/x', ['127.0.0.1:3002'])).toMatch(/https/);
  });

  it('refuses internal names, address literals, credentials and other schemes', () => {
    for (const [url, problem] of [
      ['https://localhost/x', /internal host/],
      ['https://printer.local/x', /internal host/],
      ['https://metadata.google.internal/computeMetadata/v1/', /internal host/],
      ['https://intranet/x', /internal host/],
      ['https://169.254.169.254/latest/meta-data/', /link-local/],
      ['https://[::ffff:169.254.169.254]/', /link-local/],
      ['https://0x7f.1/', /loopback/],
      ['https://user:pw@hooks.example.com/', /user name or password/],
      ['ftp://hooks.example.com/', /https/],
      ['javascript:alert(1)', /https/],
      ['hooks.example.com/x', /not a URL/],
    ] as const)
      expect(outboundUrlProblem(url, []), url).toMatch(problem);
  });

  it('reads the allow-list as host:port with default ports and lower-case hosts', () => {
    expect(parseAllowHosts('Capture.Test:80, [::1]:3002')).toEqual(['capture.test:80', '[::1]:3002']);
    expect(() => parseAllowHosts('capture.test')).toThrow(/not host:port/);
  });
});
