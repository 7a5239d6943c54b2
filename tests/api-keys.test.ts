import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { runCommand } from './support/run-command.js';
import { useTestStack } from './support/use-test-stack.js';

const tf = (...args: string[]) =>
  runCommand('npm', ['run', '--silent', 'tf', '--', ...args], { env: { DATABASE_URL: inject('databaseUrl') } });

const stack = useTestStack();

describe('API keys', () => {
  it('are listed with their use, and a revoked key fails on the very next request', async () => {
    const owner = await createKeyedUser(stack.db, 'agent');
    const prefix = owner.key.split('_')[1] as string;
    const listBefore = await tf('apikeys:list', '--email', owner.user.email);
    expect(listBefore.code).toBe(0);
    expect(listBefore.stdout).toMatch(/^PREFIX\s+NAME\s+SCOPES\s+LAST USED\s+REVOKED$/m);
    expect(listBefore.stdout).toMatch(
      new RegExp(`^${prefix}\\s+test\\s+tickets:read,tickets:write\\s+never\\s+-$`, 'm'),
    );
    // The secret is everything after the prefix (it may itself contain '_').
    expect(listBefore.stdout).not.toContain(owner.key.slice(owner.key.indexOf(`_${prefix}_`) + prefix.length + 2));

    expect((await requestJson(`${stack.baseUrl}/api/me`, { headers: owner.auth })).status).toBe(200);
    const row = await stack.db('api_keys').where({ prefix }).first();
    expect(row.last_used_at).toBeInstanceOf(Date);
    expect(Date.now() - row.last_used_at.getTime()).toBeLessThan(60_000);
    const listAfter = await tf('apikeys:list', '--email', owner.user.email);
    expect(listAfter.stdout).toMatch(
      new RegExp(`^${prefix}\\s+test\\s+\\S+\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+-$`, 'm'),
    );

    const revoked = await tf('apikeys:revoke', '--prefix', prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked API key ${prefix} (test)`);
    const refused = await requestJson(`${stack.baseUrl}/api/me`, { headers: owner.auth });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');
    expect((await tf('apikeys:list', '--email', owner.user.email)).stdout).toMatch(
      new RegExp(`^${prefix}\\s+.*\\d\\dZ\\s+\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z$`, 'm'),
    );
    expect((await tf('apikeys:revoke', '--prefix', prefix)).stdout).toContain('was already revoked');
  });

  it('names a bad or unknown prefix', async () => {
    const bad = await tf('apikeys:revoke', '--prefix', 'tf_x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--prefix must be the 8-character prefix');
    const unknown = await tf('apikeys:revoke', '--prefix', 'zzzzzzzz');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no API key with prefix zzzzzzzz');
  });

  it('with only tickets:read cannot create tickets, and can read them', async () => {
    const reader = await createKeyedUser(stack.db, 'agent', { scopes: ['tickets:read'] });
    const writer = await createKeyedUser(stack.db, 'customer');
    const denied = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: reader.auth,
      body: { title: 'Nope', description: 'Read-only key' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('This API key lacks the tickets:write scope.');
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: writer.auth,
      body: { title: 'Readable', description: 'By any agent' },
    });
    expect(
      (await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: reader.auth })).status,
    ).toBe(200);
  });
});
