import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { requestJson } from './support/fixtures.js';
import { runCommand } from './support/run-command.js';
import { useTestStack } from './support/use-test-stack.js';

const tf = (...args: string[]) =>
  runCommand('npm', ['run', '--silent', 'tf', '--', ...args], { env: { DATABASE_URL: inject('databaseUrl') } });

const stack = useTestStack();

describe('npm run tf', () => {
  it('creates a user and an API key that works against the API, printing the key alone on the last line', async () => {
    const email = `integrator-${randomUUID().slice(0, 8)}@test.example`;
    const created = await tf('users:create', '--email', email, '--name', 'Integration Bot', '--role', 'agent');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`created agent #\\d+ Integration Bot <${email}>`));

    const keyed = await tf('apikeys:create', '--email', email);
    expect(keyed.code).toBe(0);
    const key = keyed.stdout.trim().split('\n').at(-1) ?? '';
    expect(key).toMatch(/^tf_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(keyed.stderr).toContain('it is not shown again');

    const row = await stack
      .db('api_keys')
      .where({ prefix: key.split('_')[1] })
      .first();
    expect(row.secret_hash).not.toContain(key.split('_').slice(2).join('_'));

    const me = await requestJson(`${stack.baseUrl}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.body).toMatchObject({ email, name: 'Integration Bot', role: 'agent' });
  });

  it('names the bad option and shows usage', async () => {
    const bad = await tf('users:create', '--email', 'not-an-email', '--name', 'X', '--role', 'wizard');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email must be an e-mail address');
    expect(bad.stderr).toContain('--role must be one of admin, manager, agent, customer');
    expect(bad.stderr).toContain('usage: npm run tf -- users:create');

    const unknownUser = await tf('apikeys:create', '--email', 'nobody@test.example');
    expect(unknownUser.code).toBe(2);
    expect(unknownUser.stderr).toContain('no user with e-mail nobody@test.example');

    const unknown = await tf('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('lists webhook endpoints and enables one disabled after failing, audited, with a clean record', async () => {
    const url = `https://hooks-${randomUUID().slice(0, 8)}.example.com/ticketflow`;
    const reason = 'every delivery failed for 24 h (last: HTTP 503)';
    const [endpoint] = await stack
      .db('webhook_endpoints')
      .insert({
        url,
        events: ['ticket.created'],
        secret_ciphertext: 'sealed',
        secret_last4: 'abcd',
        active: false,
        disabled_at: new Date('2026-11-30T08:00:00Z'),
        disabled_reason: reason,
        consecutive_failures: 57,
        failing_since: new Date('2026-11-29T08:00:00Z'),
      })
      .returning('id');
    const id = String(endpoint.id);

    const listed = await tf('webhooks:list');
    expect(listed.code).toBe(0);
    const line = listed.stdout.split('\n').find((l) => l.includes(url)) ?? '';
    expect(line.split(/\s{2,}/)).toEqual([id, 'no', '57', '2026-11-30T08:00:00Z', url, reason]);
    expect(listed.stdout).not.toContain('sealed');

    const enabled = await tf('webhooks:enable', '--id', id);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain(`enabled webhook endpoint ${id} (${url})`);
    expect(await stack.db('webhook_endpoints').where({ id }).first()).toMatchObject({
      active: true,
      disabled_at: null,
      disabled_reason: null,
      consecutive_failures: 0,
      failing_since: null,
    });
    const [audit] = await stack.db('config_changes').where({ resource: 'webhook_endpoints', record_id: id });
    expect(audit).toMatchObject({ action: 'update', actor_id: null });
    expect(audit.before).toMatchObject({ active: false, disabled_reason: reason });
    expect(audit.after).toMatchObject({ active: true, disabled_reason: null });
    expect(JSON.stringify(audit)).not.toContain('sealed');

    const again = await tf('webhooks:enable', '--id', id);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is already enabled');
    expect(await stack.db('config_changes').where({ resource: 'webhook_endpoints', record_id: id })).toHaveLength(1);

    const unknown = await tf('webhooks:enable', '--id', '999999999');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--id: no webhook endpoint 999999999');
    const bad = await tf('webhooks:enable', '--id', 'three');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--id must be an endpoint id from webhooks:list');
  });

  it('refuses a second user with the same e-mail in any case', async () => {
    const email = `dup-${randomUUID().slice(0, 8)}@test.example`;
    expect((await tf('users:create', '--email', email, '--name', 'First')).code).toBe(0);
    const again = await tf('users:create', '--email', email.toUpperCase(), '--name', 'Second');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
