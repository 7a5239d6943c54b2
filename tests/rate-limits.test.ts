import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../server/security/rate-limits.js';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Two servers on one database, like two replicas behind a load balancer, with small limits. Windows
// are fixed and aligned to the clock: an hour-long one makes crossing its end mid-test unlikely.
const rateLimits = { ...defaultRateLimits, signIn: { limit: 3, windowSeconds: 3600 }, ticketCreation: { limit: 2, windowSeconds: 3600 } };
let replicaA: TestStack;
let replicaB: TestStack;

beforeAll(async () => {
  [replicaA, replicaB] = await Promise.all([startTestStack({ tuning: { rateLimits } }), startTestStack({ tuning: { rateLimits } })]);
});
afterAll(() => Promise.all([replicaA?.close(), replicaB?.close()]));

// Each test is a different client: the server trusts X-Forwarded-For from loopback (its proxy).
const clientAddress = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
const login = (stack: TestStack, ip: string, accept = 'text/html') => fetch(`${stack.baseUrl}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-for': ip, accept } });

describe('rate limits', () => {
  it('stop sign-in floods per client address, counted across replicas, with Retry-After', async () => {
    const ip = clientAddress();
    const statuses = [(await login(replicaA, ip)).status, (await login(replicaB, ip)).status, (await login(replicaA, ip)).status];
    expect(statuses).toEqual([302, 302, 302]);

    const page = await login(replicaB, ip);
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(page.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(await page.text()).toContain('Too many sign-in attempts from your network');

    const json = await login(replicaA, ip, 'application/json');
    expect(json.status).toBe(429);
    expect(await json.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many sign-in attempts from your network\. Try again in \d+ seconds\.$/), details: expect.objectContaining({ limit: 3, windowSeconds: 3600 }) } });

    // Another address is not affected.
    expect((await login(replicaA, clientAddress() === ip ? '198.51.100.1' : '198.51.100.2')).status).toBe(302);
  });

  it('limit ticket creation per caller, whichever replica they reach', async () => {
    const busy = await createKeyedUser(replicaA.db, 'customer');
    const body = { title: 'Flood', description: 'One of many' };
    expect((await requestJson(`${replicaA.baseUrl}/api/tickets`, { headers: busy.auth, body })).status).toBe(201);
    expect((await requestJson(`${replicaB.baseUrl}/api/tickets`, { headers: busy.auth, body })).status).toBe(201);
    const refused = await requestJson(`${replicaA.baseUrl}/api/tickets`, { headers: busy.auth, body: { ...body, title: 'Refused flood' } });
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
});
