import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from './content-security-policy.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  const security = securityHeaders({
    publicUrl: 'https://help.example.com',
    formTargets: () => ['https://login.example.com', 'https://login.example.com'],
  });
  app.use(security.headers);
  app.use('/admin', security.relaxedFor({ 'script-src': ["'unsafe-eval'"] }));
  app.get(['/', '/admin'], (_req, res) => {
    res.send('ok');
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const policy = async (path: string) => {
  const header = (await fetch(`${base}${path}`)).headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
};

describe('the content security policy', () => {
  it('lets the Vite-built portal run and nothing else: own scripts, inline styles, own API and websocket, no framing', async () => {
    const csp = await policy('/');
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'wss://help.example.com']);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'self'", 'https://login.example.com']);
    expect(csp['upgrade-insecure-requests']).toEqual([]);
  });

  it('can be relaxed for one mount without loosening the rest', async () => {
    expect((await policy('/admin'))['script-src']).toEqual(["'self'", "'unsafe-eval'"]);
    expect((await policy('/'))['script-src']).toEqual(["'self'"]);
  });
});
