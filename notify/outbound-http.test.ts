import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundHttp, OutboundRefused, type Resolver } from './outbound-http.js';

// Real HTTP servers on loopback addresses stand in for internal services and webhook endpoints.
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Local {
  port: number;
  hits: string[];
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host = '127.0.0.1',
  port = 0,
): Promise<Local> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, hits };
}

const secretAnswer = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(500, 'Internal secrets: db password is hunter2', { 'content-type': 'text/plain' });
  res.end('root:x:0:0:root:/root:/bin/bash');
};

const resolverOf =
  (table: Record<string, string[]>, calls: string[] = []): Resolver =>
  async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the call was made');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(OutboundRefused);
      return (error as Error).message;
    },
  );

describe('outbound HTTP', () => {
  it('refuses a server on this machine unless its host:port is allow-listed', async () => {
    const internal = await listen(secretAnswer);
    const strict = createOutboundHttp({ allowHosts: [] });
    expect(await refusal(strict.postJson(`http://127.0.0.1:${internal.port}/`, {}))).toMatch(/must be an https/);
    expect(await refusal(strict.postJson(`https://127.0.0.1:${internal.port}/`, {}))).toMatch(/loopback/);
    expect(await refusal(strict.postJson(`https://[::1]:${internal.port}/`, {}))).toMatch(/loopback/);
    expect(await refusal(strict.postJson(`https://localhost:${internal.port}/`, {}))).toMatch(/internal host/);
    // Other spellings of 127.0.0.1 that the URL parser understands.
    for (const host of ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])
      expect(await refusal(strict.postJson(`https://${host}:${internal.port}/`, {})), host).toMatch(/loopback/);
    expect(internal.hits).toEqual([]);

    const allowed = createOutboundHttp({ allowHosts: [`127.0.0.1:${internal.port}`] });
    const answer = await allowed.postJson(`http://127.0.0.1:${internal.port}/hook`, { text: 'hi' });
    // The status and its standard reason; nothing the server said (reason phrase or body) comes back.
    expect(answer).toEqual({ status: 500, statusText: 'Internal Server Error' });
    expect(internal.hits).toEqual(['POST /hook']);
    // The allow-list is per port: the same host on another port stays closed.
    expect(await refusal(allowed.postJson(`http://127.0.0.1:${internal.port + 1}/`, {}))).toMatch(/https/);
  });

  it('refuses names that resolve to loopback, private, link-local, CGNAT, metadata or mapped addresses', async () => {
    const cases: Record<string, string[]> = {
      'loopback.example.com': ['127.0.0.1'],
      'private.example.com': ['10.1.2.3'],
      'private172.example.com': ['172.16.5.4'],
      'private192.example.com': ['192.168.1.1'],
      'metadata.example.com': ['169.254.169.254'],
      'cgnat.example.com': ['100.64.0.1'],
      'zero.example.com': ['0.0.0.0'],
      'multicast.example.com': ['224.0.0.1'],
      'mapped.example.com': ['::ffff:10.0.0.1'],
      'ula.example.com': ['fd00:ec2::254'],
      'linklocal6.example.com': ['fe80::1'],
      'nat64.example.com': ['64:ff9b::a00:1'],
      'sixtofour.example.com': ['2002:7f00:1::'],
      // One public and one private answer: the connection could land on either, so both are checked.
      'mixed.example.com': ['93.184.215.14', '192.168.0.10'],
    };
    const http = createOutboundHttp({ allowHosts: [], resolve: resolverOf(cases) });
    for (const host of Object.keys(cases))
      expect(await refusal(http.postJson(`https://${host}/hook`, {})), host).toMatch(/resolves to a .* address/);
    expect(await refusal(http.postJson('https://unknown.example.com/hook', {}))).toMatch(/could not be resolved/);
    for (const literal of ['169.254.169.254', '10.0.0.1', '[fd00::1]', '[::]'])
      expect(await refusal(http.postJson(`https://${literal}/`, {})), literal).toMatch(/address/);
  });

  it('connects to the address it checked, even when the name resolves differently a moment later (DNS rebinding)', async () => {
    const first = await listen((_req, res) => res.writeHead(204).end());
    // The same port on another loopback address: where a second resolution would lead.
    const second = await listen((_req, res) => res.writeHead(204).end(), '127.0.0.2', first.port);
    let answers = 0;
    const calls: string[] = [];
    const rebinding: Resolver = async (hostname) => {
      calls.push(hostname);
      answers += 1;
      return [{ address: answers === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const http = createOutboundHttp({ allowHosts: [`rebind.test:${first.port}`], resolve: rebinding });
    expect((await http.postJson(`http://rebind.test:${first.port}/x`, {})).status).toBe(204);
    expect(calls).toEqual(['rebind.test']);
    expect(first.hits).toEqual(['POST /x']);
    expect(second.hits).toEqual([]);
  });

  it('does not follow redirects: the answer is the 3xx itself', async () => {
    const inside = await listen(secretAnswer);
    const redirecting = await listen((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end(),
    );
    const http = createOutboundHttp({
      allowHosts: [`127.0.0.1:${redirecting.port}`, `127.0.0.1:${inside.port}`],
    });
    expect(await http.postJson(`http://127.0.0.1:${redirecting.port}/hook`, {})).toEqual({
      status: 302,
      statusText: 'Found',
    });
    expect(inside.hits).toEqual([]);
  });

  it('gives up on a server that does not answer, and stops reading an endless answer', async () => {
    const silent = await listen(() => undefined);
    const endless = await listen((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const more = () => {
        while (res.write(chunk));
        res.once('drain', more);
      };
      more();
    });
    const http = createOutboundHttp({
      allowHosts: [`127.0.0.1:${silent.port}`, `127.0.0.1:${endless.port}`],
      timeoutMs: 500,
      maxResponseBytes: 64 * 1024,
    });
    const started = Date.now();
    expect(await refusal(http.postJson(`http://127.0.0.1:${silent.port}/`, {}))).toMatch(/no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await http.postJson(`http://127.0.0.1:${endless.port}/`, {})).status).toBe(200);
  });

  it('refuses URLs with credentials, other schemes and malformed URLs', async () => {
    const http = createOutboundHttp({ allowHosts: ['127.0.0.1:9'], resolve: resolverOf({}) });
    expect(await refusal(http.postJson('https://user:pass@hooks.example.com/', {}))).toMatch(/user name or password/);
    expect(await refusal(http.postJson('file:///etc/passwd', {}))).toMatch(/https/);
    expect(await refusal(http.postJson('gopher://127.0.0.1:9/', {}))).toMatch(/https/);
    expect(await refusal(http.postJson('not a url', {}))).toMatch(/not a URL/);
  });
});
