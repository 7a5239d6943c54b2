import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as attrs from '../workflows/search-attributes.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';
import { eventually } from './support/eventually.js';

const stack = useTestStack();
let agent: KeyedUser;

beforeAll(async () => {
  agent = await createKeyedUser(stack.db, 'agent');
});

describe('POST /api/tickets with an API key', () => {
  it('commits the ticket with its audit event and starts its workflow with search attributes', async () => {
    const title = `Printer on fire ${randomUUID()}`;
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title, description: 'Smoke everywhere.\nPlease help.', priority: 'urgent', category: 'hardware' },
    });

    expect(res.status).toBe(201);
    const ticket = res.body;
    expect(ticket).toMatchObject({
      title,
      description: 'Smoke everywhere.\nPlease help.',
      status: 'new',
      priority: 'urgent',
      category: 'hardware',
      channel: 'api',
      requester: { id: agent.user.id, email: agent.user.email, name: agent.user.name },
      assignee: null,
      team: null,
      sla: { firstResponseDueAt: null, resolutionDueAt: null, breached: false },
      workflowId: `ticket-${ticket.id}`,
    });
    expect(ticket.number).toMatch(/^TF-\d{4,}$/);
    expect(res.headers.get('location')).toBe(`/api/tickets/${ticket.id}`);

    // The row and its first audit event are in PostgreSQL.
    const row = await stack.db('tickets').where({ id: ticket.id }).first();
    expect(row).toMatchObject({
      title,
      status: 'new',
      priority: 'urgent',
      requester_id: agent.user.id,
      workflow_id: `ticket-${ticket.id}`,
    });
    const created = await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'created' });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor_id: agent.user.id, source: 'api' });

    // The workflow runs, carries the ticket's search attributes and its title in the memo.
    const handle = stack.workflows.client.workflow.getHandle(`ticket-${ticket.id}`);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(stack.taskQueue);
    expect(description.typedSearchAttributes.get(attrs.TicketNumber)).toBe(ticket.number);
    expect(description.typedSearchAttributes.get(attrs.TicketStatus)).toBe('new');
    expect(description.typedSearchAttributes.get(attrs.TicketPriority)).toBe('urgent');
    expect(description.typedSearchAttributes.get(attrs.SlaBreached)).toBe(false);
    expect(await description.memo).toMatchObject({ title });

    // Ops can find it in the Temporal UI by number and priority (visibility is eventually consistent).
    await eventually(async () => {
      const found = [];
      for await (const wf of stack.workflows.client.workflow.list({
        query: `TicketNumber = "${ticket.number}" AND TicketPriority = "urgent"`,
      }))
        found.push(wf.workflowId);
      expect(found).toEqual([`ticket-${ticket.id}`]);
    });

    // The worker's activity wrote to PostgreSQL, and the outbox entry is done.
    await eventually(async () => {
      expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'workflow_started' })).toHaveLength(1);
    });
    // The entry is marked processed only after the start returned, so the worker may write first.
    await eventually(async () => {
      const outbox = await stack.db('outbox').where({ ticket_id: ticket.id });
      expect(outbox).toHaveLength(1);
      expect(outbox[0].processed_at).not.toBeNull();
    });
    expect(await stack.workflows.getState(ticket.id)).toMatchObject({
      ticketId: ticket.id,
      status: 'new',
      priority: 'urgent',
    });
  });

  it('returns the ticket in the contract shape from GET /api/tickets/:id', async () => {
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 'Read me back', description: 'Details' },
    });
    const res = await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: agent.auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      number: created.body.number,
      title: 'Read me back',
      requester: created.body.requester,
      workflowId: created.body.workflowId,
    });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'id',
        'number',
        'title',
        'description',
        'status',
        'priority',
        'category',
        'channel',
        'requester',
        'assignee',
        'team',
        'tags',
        'customFields',
        'createdAt',
        'updatedAt',
        'sla',
        'workflowId',
        'version',
        'messages',
        'attachments',
        'rating',
        'messageId',
      ].sort(),
    );
    // messageId: the Message-ID of the e-mail that opened the ticket; null for an API ticket.
    expect(res.body).toMatchObject({ messages: [], attachments: [], rating: null, messageId: null });
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
    expect(res.body.priority).toBe('normal');
  });

  it('answers bad input with 400 naming each field, and stores nothing', async () => {
    const marker = `invalid ${randomUUID()}`;
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: '   ', description: marker, priority: 'whenever', assignee: 3 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'must not be empty' },
        { path: 'priority', message: 'must be one of low, normal, high, urgent' },
        { path: 'assignee', message: 'is not a known field' },
      ]),
    );
    expect(await stack.db('tickets').where({ description: marker })).toHaveLength(0);

    const missing = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { description: marker },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toContainEqual({ path: 'title', message: 'is required' });

    const wrongType = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 42, description: marker },
    });
    expect(wrongType.body.error.details).toContainEqual({ path: 'title', message: 'must be a string' });

    const control = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 'bell\u0007', description: marker },
    });
    expect(control.body.error.details).toContainEqual({
      path: 'title',
      message: 'must not contain control characters',
    });

    // A lone surrogate is not Unicode: it would turn into replacement characters in e-mail and browsers.
    const surrogate = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      rawBody: `{"title": "broken \\ud800 text", "description": "${marker}"}`,
    });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.details).toContainEqual({ path: 'title', message: 'must be valid Unicode' });
    const emoji = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 'Drucker kaputt 🖨️ — ñandú', description: 'Ünïcödé is fine' },
    });
    expect(emoji.status).toBe(201);
    expect(emoji.body.title).toBe('Drucker kaputt 🖨️ — ñandú');

    const huge = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      body: { title: 'x'.repeat(201), description: marker },
    });
    expect(huge.body.error.details).toContainEqual({ path: 'title', message: 'must be at most 200 characters' });

    const badJson = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: agent.auth,
      rawBody: '{"title": "unterminated',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toMatchObject({
      code: 'validation_failed',
      message: 'The request body is not valid JSON.',
    });

    const array = await requestJson(`${stack.baseUrl}/api/tickets`, { headers: agent.auth, body: [marker] });
    expect(array.status).toBe(400);
    expect(array.body.error.details).toEqual([{ path: '(body)', message: 'must be a JSON object' }]);

    const form = await fetch(`${stack.baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { ...agent.auth, 'content-type': 'text/plain' },
      body: marker,
    });
    expect(form.status).toBe(415);

    expect(await stack.db('tickets').where({ description: marker })).toHaveLength(0);
  });

  it('refuses callers without a valid key, and keys without the write scope', async () => {
    const body = { title: 'Nope', description: 'Should not exist' };
    const anonymous = await requestJson(`${stack.baseUrl}/api/tickets`, { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');

    const forged = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: { authorization: `${agent.auth.authorization.slice(0, -4)}AAAA` },
      body,
    });
    expect(forged.status).toBe(401);

    const readOnly = await createKeyedUser(stack.db, 'agent', { scopes: ['tickets:read'] });
    const denied = await requestJson(`${stack.baseUrl}/api/tickets`, { headers: readOnly.auth, body });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('tickets:write');
  });

  it("hides a customer's ticket from other customers with a 404, and shows it to staff", async () => {
    const owner = await createKeyedUser(stack.db, 'customer');
    const stranger = await createKeyedUser(stack.db, 'customer');
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: owner.auth,
      body: { title: 'Mine', description: 'Private' },
    });
    expect(created.status).toBe(201);
    expect(created.body.channel).toBe('api');

    expect((await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: owner.auth })).status).toBe(
      200,
    );
    const hidden = await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: stranger.auth });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    expect((await requestJson(`${stack.baseUrl}/api/tickets/999999999`, { headers: stranger.auth })).status).toBe(404);
    expect((await requestJson(`${stack.baseUrl}/api/tickets/${created.body.id}`, { headers: agent.auth })).status).toBe(
      200,
    );
    expect((await requestJson(`${stack.baseUrl}/api/tickets/abc`, { headers: agent.auth })).status).toBe(400);
  });
});
