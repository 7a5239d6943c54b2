import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { currentRequestContext, requestContext } from './request-context.js';

describe('requestContext', () => {
  it('carries the request id through awaits, for code far from the request (workflow calls)', async () => {
    const app = express();
    app.use((req, _res, next) => {
      req.id = String(req.headers['x-request-id']);
      next();
    });
    app.use(requestContext);
    const deepInside = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return currentRequestContext()?.requestId;
    };
    app.get('/', async (_req, res) => {
      res.json({ requestId: await deepInside() });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const answers = await Promise.all(
        ['req-a', 'req-b', 'req-c'].map(async (id) => (await fetch(url, { headers: { 'x-request-id': id } })).json()),
      );
      expect(answers).toEqual([{ requestId: 'req-a' }, { requestId: 'req-b' }, { requestId: 'req-c' }]);
      expect(currentRequestContext()).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
