import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from './error-handler.js';

// An error the driver gave an odd shape mid-outage (nothing in it says "connection").
async function answerTo(databaseReachable: () => Promise<boolean>) {
  const app = express();
  app.get('/x', () => {
    throw new Error('Transaction rejected with non-error: undefined');
  });
  app.use(createErrorHandler({ databaseReachable }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  } finally {
    server.close();
  }
}

describe('the error handler', () => {
  it('answers an unrecognised error 503 with Retry-After while the database cannot be reached', async () => {
    const answer = await answerTo(async () => false);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(answer.body.error).toMatchObject({ code: 'dependency_unavailable', details: { dependency: 'postgres' } });
  });

  it('answers it 500 (our bug, with the request id) when the database is fine', async () => {
    const answer = await answerTo(async () => true);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('internal');
    expect(answer.body.error.message).not.toContain('Transaction');
  });
});
