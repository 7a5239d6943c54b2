import { describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../server/security/rate-limits.js';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { startTestStack, type TestStack } from './support/test-stack.js';
import { useTestStack } from './support/use-test-stack.js';

// Two servers on one database, like two replicas behind a load balancer, with small limits.
const rateLimits = {
  ...defaultRateLimits,
  signIn: { limit: 3, windowSeconds: 3600 },
  ticketCreation: { limit: 2, windowSeconds: 3600 },
};
const replicaA = useTestStack({ tuning: { rateLimits } });
const replicaB = useTestStack({ tuning: { rateLimits } });

// Each test is a different client: the server trusts X-Forwarded-For from loopback (its proxy).
const clientAddress = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
const login = (stack: TestStack, ip: string, accept = 'text/html') =>
  fetch(`${stack.baseUrl}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-for': ip, accept } });

describe('rate limits', () => {
  it('stop sign-in floods per client address, counted across replicas, with Retry-After', async () => {
    const ip = clientAddress();
    const statuses = [
      (await login(replicaA, ip)).status,
      (await login(replicaB, ip)).status,
      (await login(replicaA, ip)).status,
    ];
    expect(statuses).toEqual([302, 302, 302]);

    const page = await login(replicaB, ip);
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(page.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(await page.text()).toContain('Too many sign-in attempts from your network');

    const json = await login(replicaA, ip, 'application/json');
    expect(json.status).toBe(429);
    expect(await json.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(/^Too many sign-in attempts from your network\. Try again in \d+ seconds\.$/),
        details: expect.objectContaining({ limit: 3, windowSeconds: 3600 }),
      },
    });

    // Another address is not affected.
    expect((await login(replicaA, clientAddress() === ip ? '198.51.100.1' : '198.51.100.2')).status).toBe(302);
  });

  it('limit ticket creation per caller, whichever replica they reach', async () => {
    const busy = await createKeyedUser(replicaA.db, 'customer');
    const body = { title: 'Flood', description: 'One of many' };
    expect((await requestJson(`${replicaA.baseUrl}/api/tickets`, { headers: busy.auth, body })).status).toBe(201);
    expect((await requestJson(`${replicaB.baseUrl}/api/tickets`, { headers: busy.auth, body })).status).toBe(201);
    const refused = await requestJson(`${replicaA.baseUrl}/api/tickets`, {
      headers: busy.auth,
      body: { ...body, title: 'Refused flood' },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/You are creating tickets too quickly\. Try again in \d+ seconds\./);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await replicaA.db('tickets').where({ title: 'Refused flood' })).toHaveLength(0);

    const calm = await createKeyedUser(replicaA.db, 'customer');
    expect((await requestJson(`${replicaB.baseUrl}/api/tickets`, { headers: calm.auth, body })).status).toBe(201);
    // Reads are not throttled.
    expect((await requestJson(`${replicaA.baseUrl}/api/me`, { headers: busy.auth })).status).toBe(200);
  });

  it('do not count retries of a request already seen (same Idempotency-Key), but count every new key', async () => {
    const careful = await createKeyedUser(replicaA.db, 'customer');
    const body = { title: `Retried ${careful.user.id}`, description: 'The answer was lost twice.' };
    const send = (key: string, stack = replicaA) =>
      requestJson(`${stack.baseUrl}/api/tickets`, { headers: { ...careful.auth, 'idempotency-key': key }, body });
    expect((await send('first-key')).status).toBe(201);
    // Retries of the same key on either replica: replayed, never throttled, one ticket.
    for (let n = 0; n < 4; n++) {
      const retry = await send('first-key', n % 2 ? replicaA : replicaB);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await replicaA.db('tickets').where({ title: body.title })).toHaveLength(1);
    // A new key is a new request: the second fills the allowance of 2, the third is refused.
    expect((await send('second-key')).status).toBe(201);
    expect((await send('third-key')).status).toBe(429);
  });

  it('slide: a burst just before a clock boundary leaves no fresh allowance just after it', async () => {
    const windowSeconds = 4;
    const stack = await startTestStack({
      tuning: { rateLimits: { ...defaultRateLimits, ticketCreation: { limit: 3, windowSeconds } } },
    });
    try {
      const caller = await createKeyedUser(stack.db, 'customer');
      const create = (title: string) =>
        requestJson(`${stack.baseUrl}/api/tickets`, { headers: caller.auth, body: { title, description: 'x' } });
      // Start late in a 4-second slot of the clock, where a fixed window would restart soon.
      while (Date.now() % (windowSeconds * 1000) < 2_500) await new Promise((r) => setTimeout(r, 50));
      const burstAt = Date.now();
      const boundary = burstAt - (burstAt % (windowSeconds * 1000)) + windowSeconds * 1000;
      for (let i = 0; i < 3; i++) expect((await create(`Burst ${i}`)).status).toBe(201);
      // Past the boundary, still within 4 s of the burst: a fixed window would allow three more here.
      while (Date.now() < boundary + 500) await new Promise((r) => setTimeout(r, 50));
      const after = await create('Right after the boundary');
      expect(after.status).toBe(429);
      const retryAfter = Number(after.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
      // Once the burst has left the window, there is room again.
      while (Date.now() < burstAt + windowSeconds * 1000 + 1_000) await new Promise((r) => setTimeout(r, 100));
      expect((await create('After the window')).status).toBe(201);
    } finally {
      await stack.close();
    }
  });
});
