import { beforeAll, describe, expect, it } from 'vitest';
import { guestLinkKey, newGuestToken } from '../db/guest-links.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Merging a duplicate into another ticket through the API, on the real stack: the conversation and
// people move to the target, the duplicate's workflow closes it as merged (no SLA breach after), its
// customer is told once where to follow, both audit trails say so, and old links lead to the target.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
// Long enough to merge first; the test then waits past it to see that the duplicate never breaches.
const firstResponseSeconds = 8;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds, resolutionSeconds: firstResponseSeconds + 2 });
  await isolateWorld(stack.db, world);
});

const api = (path: string) => `${stack.baseUrl}/api${path}`;
const row = (id: number) => stack.db('tickets').where({ id }).first();

async function newTicket(who: KeyedUser, title: string): Promise<{ id: number; number: string; createdAt: string }> {
  const res = await requestJson(api('/tickets'), { headers: who.auth, body: { title, description: `About ${title}` } });
  expect(res.status).toBe(201);
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
  );
  return res.body;
}

const merge = (id: number, into: unknown, who: KeyedUser) =>
  requestJson(api(`/tickets/${id}/merge`), { headers: who.auth, body: { into } });

async function upload(who: KeyedUser, ticketId: number, name: string, text: string): Promise<number> {
  const form = new FormData();
  form.set('file', new Blob([text]), name);
  const res = await fetch(api(`/tickets/${ticketId}/attachments`), { method: 'POST', headers: who.auth, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

describe('merging a duplicate into another ticket', () => {
  it('moves the conversation and people to the target, closes the duplicate as merged and tells its customer once', async () => {
    const target = await newTicket(world.customer, 'Printer offline');
    const duplicate = await newTicket(world.customer, 'Printer still offline');
    const reply = await requestJson(api(`/tickets/${duplicate.id}/messages`), {
      headers: world.customer.auth,
      body: { body: 'Here is the error log' },
    });
    expect(reply.status).toBe(201);
    const fileId = await upload(world.customer, duplicate.id, 'error.txt', 'paper jam in tray 2');
    const colleague = await createKeyedUser(stack.db, 'customer');
    await stack.db('ticket_participants').insert({ ticket_id: duplicate.id, user_id: colleague.user.id });

    const res = await merge(duplicate.id, target.id, world.staff);
    expect(res.status).toBe(200);
    expect(res.body.duplicate).toMatchObject({ id: duplicate.id, mergedIntoTicketId: target.id });
    expect(res.body.target.id).toBe(target.id);
    expect(res.body.target.mergedIntoTicketId).toBeUndefined();
    expect(res.body.addedParticipantIds).toEqual([colleague.user.id]);

    // The target's conversation holds the duplicate's request and reply, marked, in the order written.
    const seen = await requestJson(api(`/tickets/${target.id}`), { headers: world.customer.auth });
    const merged = seen.body.messages.filter((m: { mergedFrom?: unknown }) => m.mergedFrom);
    expect(merged.map((m: { body: string }) => m.body)).toEqual([
      'Printer still offline\n\nAbout Printer still offline',
      'Here is the error log',
    ]);
    expect(merged[0].mergedFrom).toEqual({ ticketId: duplicate.id, number: duplicate.number, messageId: null });
    expect(merged[1].mergedFrom).toEqual({
      ticketId: duplicate.id,
      number: duplicate.number,
      messageId: reply.body.id,
    });
    expect(merged[0].attachments.map((a: { id: number }) => a.id)).toEqual([fileId]);
    const download = await fetch(api(`/attachments/${fileId}`), { headers: world.customer.auth });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('paper jam in tray 2');
    // The duplicate's conversation itself is left as it was written.
    expect((await stack.db('ticket_messages').where({ ticket_id: duplicate.id })).map((m) => m.body)).toEqual([
      'Here is the error log',
    ]);
    // The colleague copied on the duplicate is on the target now, and may follow it.
    expect(await stack.db('ticket_participants').where({ ticket_id: target.id }).pluck('user_id')).toEqual([
      colleague.user.id,
    ]);
    expect((await requestJson(api(`/tickets/${target.id}`), { headers: colleague.auth })).status).toBe(200);

    // The duplicate's workflow closes it as merged and finishes: no SLA timer is left to fire.
    await eventually(async () => expect((await row(duplicate.id)).status).toBe('closed'));
    const closing = await stack.db('ticket_events').where({ ticket_id: duplicate.id, type: 'status_changed' }).first();
    expect(closing.after).toMatchObject({ status: 'closed', closeReason: 'merged' });
    const handle = stack.workflows.client.workflow.getHandle(`ticket-${duplicate.id}`);
    // The row is closed by an activity; the workflow completes after it (on a busy machine, a moment later).
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));

    // Its customer is told where to follow, once, and not "closed" besides.
    await eventually(async () =>
      expect(
        await stack.db('notifications').where({ ticket_id: duplicate.id, template: 'merged', kind: 'email' }),
      ).toHaveLength(1),
    );
    const notice = await stack
      .db('notifications')
      .where({ ticket_id: duplicate.id, template: 'merged', kind: 'email' })
      .first();
    expect(notice.recipient).toBe(world.customer.user.email);
    expect(notice.subject).toContain(`Merged into ${target.number}`);
    expect(await stack.db('notifications').where({ ticket_id: duplicate.id, template: 'closed' })).toHaveLength(0);

    // Both audit trails say so.
    const dupTrail = await requestJson(api(`/tickets/${duplicate.id}/events`), { headers: world.staff.auth });
    expect(dupTrail.body.find((e: { type: string }) => e.type === 'merged_into')).toMatchObject({
      after: { targetId: target.id, targetNumber: target.number },
    });
    const targetTrail = await requestJson(api(`/tickets/${target.id}/events`), { headers: world.staff.auth });
    expect(targetTrail.body.find((e: { type: string }) => e.type === 'merged_from')).toMatchObject({
      after: { duplicateId: duplicate.id, duplicateNumber: duplicate.number },
    });

    // The requester reading the duplicate learns where it went (the portal follows the id).
    const old = await requestJson(api(`/tickets/${duplicate.id}`), { headers: world.customer.auth });
    expect(old.body).toMatchObject({ status: 'closed', mergedIntoTicketId: target.id });

    // Past the duplicate's first-response deadline, it has not breached: its timers ended with it.
    const deadline = Date.parse(duplicate.createdAt) + (firstResponseSeconds + 1) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
    expect((await row(duplicate.id)).sla_breached).toBe(false);
    expect(await stack.db('ticket_events').where({ ticket_id: duplicate.id, type: 'sla_breached' })).toHaveLength(0);
    expect(
      await stack.db('notifications').where({ ticket_id: duplicate.id, template: 'merged', kind: 'email' }),
    ).toHaveLength(1);

    // Never circular: the target cannot go back into the duplicate, nor anything into the duplicate.
    const back = await merge(target.id, duplicate.id, world.staff);
    expect(back.status).toBe(400);
    expect(back.body.error.details[0]).toMatchObject({ path: 'into', message: expect.stringMatching(/circular/) });
    const other = await newTicket(world.customer, 'Another printer');
    const intoMerged = await merge(other.id, duplicate.id, world.staff);
    expect(intoMerged.status).toBe(400);
    expect(intoMerged.body.error.details[0].message).toMatch(/itself merged/);
  });

  it('refuses a ticket merged into itself, a closed target, an unknown one and a customer', async () => {
    const ticket = await newTicket(world.customer, 'Lonely ticket');
    const self = await merge(ticket.id, ticket.id, world.staff);
    expect(self.status).toBe(400);
    expect(self.body.error.details[0]).toMatchObject({
      path: 'into',
      message: 'A ticket cannot be merged into itself.',
    });
    expect((await merge(ticket.id, 'TF-1', world.staff)).body.error.details[0].path).toBe('into');
    expect((await merge(ticket.id, 99_999_999, world.staff)).status).toBe(400);
    expect((await merge(ticket.id, ticket.id, world.customer)).status).toBe(403);

    const closed = await newTicket(world.customer, 'Done already');
    const close = await requestJson(api(`/tickets/${closed.id}/close`), { method: 'POST', headers: world.staff.auth });
    expect(close.status).toBe(200);
    const intoClosed = await merge(ticket.id, closed.id, world.staff);
    expect(intoClosed.status).toBe(409);
    expect(intoClosed.body.error.message).toMatch(/is closed/);
    expect((await row(ticket.id)).merged_into_ticket_id).toBeNull();
  });

  it('refuses to merge across organizations for an agent and lets an admin do it', async () => {
    const [north] = await stack.db('organizations').insert({ name: 'North merge org' }).returning('id');
    const [south] = await stack.db('organizations').insert({ name: 'South merge org' }).returning('id');
    const northern = await createKeyedUser(stack.db, 'customer', { organizationId: north.id });
    const southern = await createKeyedUser(stack.db, 'customer', { organizationId: south.id });
    const a = await newTicket(northern, 'North issue');
    const b = await newTicket(southern, 'South issue');

    const byAgent = await merge(a.id, b.id, world.staff);
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.message).toMatch(/different organizations; only an admin/);
    expect((await row(a.id)).merged_into_ticket_id).toBeNull();

    const admin = await createKeyedUser(stack.db, 'admin');
    const byAdmin = await merge(a.id, b.id, admin);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.addedParticipantIds).toEqual([northern.user.id]);
    // The northern customer follows the conversation on the southern ticket now.
    const followed = await requestJson(api(`/tickets/${b.id}`), { headers: northern.auth });
    expect(followed.status).toBe(200);
    expect(followed.body.messages.map((m: { body: string }) => m.body)).toEqual(['North issue\n\nAbout North issue']);
  });

  it("leads the duplicate's guest link to the target, replies included", async () => {
    const email = `merge-guest-${Date.now()}@guest.example`;
    const submit = (title: string) =>
      requestJson(api('/guest/tickets'), { body: { name: 'Guest', email, title, description: `About ${title}` } });
    expect((await submit('Guest first')).status).toBe(201);
    expect((await submit('Guest again')).status).toBe(201);
    const [first, again] = await Promise.all([
      stack.db('tickets').where({ title: 'Guest first' }).first('id', 'number'),
      stack.db('tickets').where({ title: 'Guest again' }).first('id', 'number'),
    ]);
    await eventually(async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: again.id, type: 'assigned' })).toHaveLength(1),
    );
    expect((await merge(again.id, first.id, world.staff)).status).toBe(200);

    const token = newGuestToken(guestLinkKey(stack.appSecretKey), again.id, email);
    const opened = await requestJson(api(`/guest/tickets/${token}`));
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: first.id, number: first.number });
    expect(opened.body.messages[0].mergedFrom).toMatchObject({ number: again.number });
    const reply = await requestJson(api(`/guest/tickets/${token}/messages`), { body: { body: 'Any news?' } });
    expect(reply.status).toBe(201);
    expect(reply.body.ticketId).toBe(first.id);
  });
});
