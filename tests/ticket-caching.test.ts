import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Issue 10 item 5: GET /api/tickets/:id never lets a client keep a stale conversation; the ETag
// (the version) guards changes with If-Match.

const stack = useTestStack();
let customer: KeyedUser;
let agent: KeyedUser;

beforeAll(async () => {
  customer = await createKeyedUser(stack.db, 'customer');
  agent = await createKeyedUser(stack.db, 'agent');
});

const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
  requestJson(`${stack.baseUrl}/api${path}`, init);
// A revalidation as a browser sends it (fetch would add `Cache-Control: no-cache`, which forbids a 304).
const read = (id: number, etag?: string) =>
  api(`/tickets/${id}`, {
    headers: { ...customer.auth, ...(etag ? { 'if-none-match': etag, 'cache-control': 'max-age=0' } : {}) },
  });

describe('GET /api/tickets/:id caching', () => {
  it('never answers a stale conversation: the ETag is the version for If-Match, the body is never cached or 304', async () => {
    const created = await api('/tickets', { headers: customer.auth, body: { title: 'Cache me', description: 'x' } });
    const id = created.body.id as number;
    await eventually(async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: id, type: 'workflow_started' })).toHaveLength(1),
    );
    // Let the workflow's start-up (SLA planning, routing) settle, so the version stays put from here.
    await eventually(async () => {
      const before = await read(id);
      await new Promise((r) => setTimeout(r, 500));
      expect((await read(id)).body.version).toBe(before.body.version);
    });

    const first = await read(id);
    const etag = first.headers.get('etag') as string;
    expect(etag).toBe(`"${first.body.version}"`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    // Revalidating with the tag still gets the whole representation.
    const revalidated = await read(id, etag);
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.id).toBe(id);

    // A reply does not bump the ticket's version, but it is part of what the client must see.
    expect(
      (await api(`/tickets/${id}/messages`, { headers: customer.auth, body: { body: 'One more thing' } })).status,
    ).toBe(201);
    const afterReply = await read(id, etag);
    expect(afterReply.status).toBe(200);
    expect(afterReply.body.messages.map((m: { body: string }) => m.body)).toContain('One more thing');
    expect(afterReply.headers.get('etag')).toBe(etag); // same version: a version-only 304 would have hidden the reply
  });

  it('keeps the version for If-Match: the GET’s ETag guards a change', async () => {
    const created = await api('/tickets', { headers: customer.auth, body: { title: 'Guard me', description: 'x' } });
    const id = created.body.id as number;
    await eventually(async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: id, type: 'sla_planned' })).toHaveLength(1),
    );
    const current = await api(`/tickets/${id}`, { headers: agent.auth });
    const etag = current.headers.get('etag') as string;
    const stale = `"${current.body.version - 1}"`;
    const refused = await api(`/tickets/${id}`, {
      method: 'PATCH',
      headers: { ...agent.auth, 'if-match': stale },
      body: { priority: 'high' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ reason: 'stale_version' });
    const changed = await api(`/tickets/${id}`, {
      method: 'PATCH',
      headers: { ...agent.auth, 'if-match': etag },
      body: { priority: 'high' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.priority).toBe('high');
  });
});
