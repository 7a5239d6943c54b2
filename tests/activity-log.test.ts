import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureActivityPurgeSchedule } from '../workflows/activity-purge-schedule.js';
import { adminSession } from './admin/admin-session.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser } from './support/fixtures.js';
import { attemptSignIn, newAccount, signIn } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// The activity log admins read: sign-ins, sign-outs, failed sign-ins, API-key use (once per key and
// hour), configuration changes; kept for the retention period, then purged by a Temporal Schedule.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const activityOf = (where: Record<string, unknown>) => stack.db('activity_events').where(where).orderBy('id');
const userIdOf = async (email: string) =>
  (await stack.db('users').whereRaw('lower(email) = lower(?)', [email]).first('id')).id as number;

describe('the activity log', () => {
  it('records a sign-in and a sign-out with where they came from', async () => {
    const account = newAccount(stack, 'customer');
    const session = await signIn(stack, account);
    const userId = await userIdOf(account.email);
    const [signedIn] = await activityOf({ user_id: userId, kind: 'sign_in' });
    expect(signedIn).toMatchObject({ subject: account.email, ip_address: '127.0.0.1', details: { role: 'customer' } });
    expect(signedIn.user_agent).toBeTruthy();
    const out = await session.browser.send(`${stack.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': await session.csrfToken(), accept: 'application/json' },
    });
    expect(out.status).toBe(200);
    expect(await activityOf({ user_id: userId, kind: 'sign_out' })).toHaveLength(1);
  });

  it('records refused sign-ins with the e-mail they used and why, and replayed callbacks', async () => {
    const account = newAccount(stack, 'customer');
    await signIn(stack, account);
    await stack.db('users').whereRaw('lower(email) = lower(?)', [account.email]).update({ active: false });
    const refused = await attemptSignIn(stack, account);
    expect(refused.callback?.status).toBe(403);
    const [failed] = await activityOf({ kind: 'sign_in_failed', subject: account.email });
    expect(failed.user_id).toBeNull();
    expect(failed.details.reason).toMatch(/deactivated/);

    const replay = await refused.browser.send(refused.callback?.url ?? '');
    expect(replay.status).toBe(400);
    const replays = await stack
      .db('activity_events')
      .where({ kind: 'sign_in_failed' })
      .whereRaw("details->>'reason' like 'no sign-in under way%'")
      .where('created_at', '>', failed.created_at);
    expect(replays.length).toBeGreaterThanOrEqual(1);
  });

  it('records each API key’s use once an hour, not on every request', async () => {
    const one = await createKeyedUser(stack.db, 'agent');
    const other = await createKeyedUser(stack.db, 'agent');
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${stack.baseUrl}/api/me`, { headers: one.auth })).status).toBe(200);
    }
    await fetch(`${stack.baseUrl}/api/tickets?limit=1`, { headers: other.auth });
    const keyId = async (userId: number) => (await stack.db('api_keys').where({ user_id: userId }).first('id')).id;
    await eventually(async () => {
      expect(await activityOf({ kind: 'api_key_used', api_key_id: await keyId(one.user.id) })).toHaveLength(1);
      expect(await activityOf({ kind: 'api_key_used', api_key_id: await keyId(other.user.id) })).toHaveLength(1);
    });
    const [used] = await activityOf({ kind: 'api_key_used', api_key_id: await keyId(one.user.id) });
    expect(used).toMatchObject({ user_id: one.user.id, details: { method: 'GET', path: '/api/me' } });
  });

  it('records configuration changes made in the back office, pointing at the full change', async () => {
    const manager = await adminSession(stack, 'manager');
    const name = `Team ${randomUUID().slice(0, 8)}`;
    const created = await manager.post('/api/resources/teams/actions/new', { name });
    expect(created.status).toBe(200);
    const teamId = String(created.body.record.params.id ?? (await stack.db('teams').where({ name }).first('id')).id);
    const [change] = await activityOf({ kind: 'config_changed', user_id: manager.userId });
    expect(change.details).toMatchObject({ resource: 'teams', action: 'create', recordId: teamId });
    const full = await stack.db('config_changes').where({ id: change.details.configChangeId }).first();
    expect(full.after).toMatchObject({ name });
  });
});

describe('the purge schedule', () => {
  it('is created once, updated in place, and deletes only entries older than the retention period', async () => {
    const client = stack.workflows.client;
    const scheduleId = `activity-purge-test-${randomUUID().slice(0, 8)}`;
    const subject = `purge-${randomUUID().slice(0, 8)}`;
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await stack
      .db('activity_events')
      .insert(
        [40, 15, 5, 0].map((days) => ({ kind: 'sign_in', subject: `${subject}-${days}`, created_at: daysAgo(days) })),
      );
    const options = { taskQueue: stack.taskQueue, scheduleId };
    await ensureActivityPurgeSchedule(client, { ...options, retentionDays: 30 });
    await ensureActivityPurgeSchedule(client, { ...options, retentionDays: 10 });
    const handle = client.schedule.getHandle(scheduleId);
    try {
      const description = await handle.describe();
      expect(description.action).toMatchObject({ workflowType: 'activityLogPurge', args: [{ retentionDays: 10 }] });
      expect(description.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
      const ids: string[] = [];
      for await (const s of client.schedule.list()) if (s.scheduleId === scheduleId) ids.push(s.scheduleId);
      expect(ids).toHaveLength(1);

      await handle.trigger();
      await eventually(async () => {
        const left = await stack.db('activity_events').where('subject', 'like', `${subject}-%`).pluck('subject');
        expect(left.sort()).toEqual([`${subject}-0`, `${subject}-5`]);
      });
      expect((await handle.describe()).info.recentActions).toHaveLength(1);
    } finally {
      await handle.delete();
    }
  });
});
