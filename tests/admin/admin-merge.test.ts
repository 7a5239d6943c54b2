import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// The back office's "Merge into…": the agent types the target's number; the command does the merge
// (tests/ticket-merge.test.ts covers what a merge does) and its refusals come back as the form's error.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let agent: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  agent = await adminSession(stack, 'agent');
});

async function newTicket(title: string): Promise<{ id: number; number: string }> {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title, description: 'Paper stuck' },
  });
  expect(res.status).toBe(201);
  await eventually(
    async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
    // Routing follows the workflow's start: seconds alone, longer on two cores shared with the suite.
    60_000,
  );
  return res.body;
}

const mergeInto = (id: number, into: string) => agent.post(`/api/resources/tickets/records/${id}/mergeInto`, { into });

describe('Merge into… in the back office', () => {
  it('merges a ticket into the one whose number the agent typed, and says why when it cannot', async () => {
    const [target, duplicate] = await Promise.all([newTicket('Scanner broken'), newTicket('Scanner broken again')]);

    const unknown = await mergeInto(duplicate.id, 'TF-99999999');
    expect(unknown.body.outcome).toMatchObject({ ok: false });
    expect(unknown.body.notice).toMatchObject({ type: 'error' });
    const self = await mergeInto(duplicate.id, duplicate.number);
    expect(self.body.outcome.message).toMatch(/into itself/);

    const res = await mergeInto(duplicate.id, target.number.toLowerCase());
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(res.body.redirectUrl).toContain(`/tickets/records/${duplicate.id}/show`);
    await eventually(async () =>
      expect(await stack.db('tickets').where({ id: duplicate.id }).first()).toMatchObject({
        status: 'closed',
        merged_into_ticket_id: target.id,
      }),
    );
    const event = await stack.db('ticket_events').where({ ticket_id: target.id, type: 'merged_from' }).first();
    expect(event).toMatchObject({ source: 'back_office', actor_id: agent.userId });
    // The routing waits above may take a minute each on two cores shared with the whole suite.
  }, 180_000);
});
