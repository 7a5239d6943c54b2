import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

const stack = useTestStack({ isolatedDatabase: true });
let agent: KeyedUser;
let cora: KeyedUser;
let carl: KeyedUser;
let gina: KeyedUser;

beforeAll(async () => {
  const [acme] = await stack
    .db('organizations')
    .insert({ name: `Acme ${randomUUID()}`, shares_tickets: true })
    .returning('id');
  const [globex] = await stack
    .db('organizations')
    .insert({ name: `Globex ${randomUUID()}`, shares_tickets: false })
    .returning('id');
  agent = await createKeyedUser(stack.db, 'agent');
  cora = await createKeyedUser(stack.db, 'customer', { organizationId: acme.id });
  carl = await createKeyedUser(stack.db, 'customer', { organizationId: acme.id });
  gina = await createKeyedUser(stack.db, 'customer', { organizationId: globex.id });
  const create = (who: KeyedUser, title: string, description: string, priority = 'normal') =>
    requestJson(`${stack.baseUrl}/api/tickets`, { headers: who.auth, body: { title, description, priority } });
  await create(cora, 'Printer on fire', 'The office printer smokes', 'urgent');
  await create(cora, 'Invoice question', 'Why was I charged twice?');
  await create(carl, 'VPN drops every hour', 'Since the update the VPN disconnects', 'high');
  await create(gina, 'Password reset loop', 'Reset link sends me back to login');
  await create(gina, 'Printer driver for macOS', 'Need the printer driver', 'low');
});

const list = (who: KeyedUser, query = '') => requestJson(`${stack.baseUrl}/api/tickets${query}`, { headers: who.auth });
const titles = (body: { items: { title: string }[] }) => body.items.map((t) => t.title);

describe('GET /api/tickets', () => {
  it('shows staff everything, newest first', async () => {
    const res = await list(agent);
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual([
      'Printer driver for macOS',
      'Password reset loop',
      'VPN drops every hour',
      'Invoice question',
      'Printer on fire',
    ]);
    expect(res.body.nextCursor).toBeNull();
  });

  it("shows customers their own tickets, and their organization's when it shares them", async () => {
    expect(titles((await list(cora)).body)).toEqual(['VPN drops every hour', 'Invoice question', 'Printer on fire']);
    expect(titles((await list(gina)).body)).toEqual(['Printer driver for macOS', 'Password reset loop']);
  });

  it('filters by status and priority, and searches title and description by word prefix', async () => {
    expect(titles((await list(agent, '?priority=urgent,high')).body)).toEqual([
      'VPN drops every hour',
      'Printer on fire',
    ]);
    expect(titles((await list(agent, '?q=printer')).body)).toEqual(['Printer driver for macOS', 'Printer on fire']);
    expect(titles((await list(agent, '?q=charg')).body)).toEqual(['Invoice question']);
    expect(titles((await list(gina, '?q=printer')).body)).toEqual(['Printer driver for macOS']);
    expect(titles((await list(agent, `?q=${encodeURIComponent("'); drop table tickets; --")}`)).body)).toEqual([]);
    expect((await list(agent, '?status=new&assigneeId=none')).body.items.length).toBeGreaterThan(0);
  });

  it('pages with an opaque cursor without repeating or skipping', async () => {
    const first = await list(agent, '?limit=2');
    expect(titles(first.body)).toEqual(['Printer driver for macOS', 'Password reset loop']);
    const second = await list(agent, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(titles(second.body)).toEqual(['VPN drops every hour', 'Invoice question']);
    const third = await list(agent, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(titles(third.body)).toEqual(['Printer on fire']);
    expect(third.body.nextCursor).toBeNull();
  });

  it('names bad query parameters', async () => {
    const res = await list(agent, '?status=archived&limit=500&cursor=nope&color=red');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'status.0' }),
        { path: 'limit', message: 'must be at most 100' },
        { path: 'color', message: 'is not a known field' },
      ]),
    );
    expect((await list(agent, '?cursor=bm9wZQ')).body.error.details).toEqual([
      { path: 'cursor', message: 'is not a cursor from a previous page' },
    ]);
  });
});
