import { describe, expect, it } from 'vitest';
import { insertTeamsChannel } from '../../db/notification-channels.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';

const stack = useTestStack({ isolatedDatabase: true });

describe('notifications', () => {
  it('retry a failed delivery with backoff, show the failure in the delivery log, and never send twice', async () => {
    const world = await createLifecycleWorld(stack.db);
    const channelId = await insertTeamsChannel(stack.db, stack.appSecretKey, {
      name: 'Support channel',
      teamId: world.teamId,
      webhookUrl: `${stack.capture.url}/teams/support-hook`,
    });
    const secret = await stack.db('notification_channels').where({ id: channelId }).first();
    expect(secret.secret_ciphertext).not.toContain('support-hook');
    expect(secret.secret_last4).toBe('hook');

    // "Created" reaches the requester by e-mail and the routed team's Teams channel; Teams fails once.
    await stack.db('sla_policies').update({ active: false });
    await stack.db('assignment_rules').whereNot({ id: world.ruleId }).update({ active: false });
    stack.capture.failNext(1, 503, '/teams/');
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Teams outage', description: 'webhook down' },
    });
    expect(res.status).toBe(201);
    const ticket = res.body as { id: number; number: string };

    await eventually(async () => {
      const teams = await stack.db('notifications').where({ ticket_id: ticket.id, kind: 'teams' }).first();
      expect(teams).toMatchObject({ status: 'sent', attempts: 2 });
    });
    const email = await stack
      .db('notifications')
      .where({ ticket_id: ticket.id, kind: 'email', template: 'created' })
      .first();
    expect(email).toMatchObject({ status: 'sent', attempts: 1, recipient: world.customer.user.email });
    expect(
      stack.capture
        .messages()
        .filter((m) => m.kind === 'email' && m.subject.includes(ticket.number) && m.subject.includes('We received')),
    ).toHaveLength(1);
    const posted = stack.capture.messages().filter((m) => m.kind === 'teams' && m.subject.includes(ticket.number));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.to).toEqual(['support-hook']);
  });

  it('keep failing deliveries visible with the provider error', async () => {
    const world = await createLifecycleWorld(stack.db);
    await stack.db('assignment_rules').whereNot({ id: world.ruleId }).update({ active: false });
    stack.capture.failNext(100, 500, '/v3/mail/send');
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Mail outage', description: 'SendGrid down' },
    });
    await eventually(async () => {
      const row = await stack
        .db('notifications')
        .where({ ticket_id: res.body.id, kind: 'email', template: 'created' })
        .first();
      expect(row).toMatchObject({ status: 'failed' });
      expect(row.last_error).toMatch(/Internal Server Error|500/);
    });
    stack.capture.failNext(0);
    await eventually(
      async () =>
        expect(
          await stack.db('notifications').where({ ticket_id: res.body.id, kind: 'email', template: 'created' }).first(),
        ).toMatchObject({ status: 'sent' }),
      20_000,
    );
  });
});
