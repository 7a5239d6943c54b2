import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// The views run over the tickets table, the workflows' read model: the tickets here are rows in the
// states the workflows would have left them in, without a worker that would move them on.
const stack = useTestStack({ isolatedDatabase: true, worker: false });
let ada: KeyedUser; // agent in Team One
let bob: KeyedUser; // agent in Team Two
let meg: KeyedUser; // manager
let cus: KeyedUser; // customer
let teamOne: number;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

beforeAll(async () => {
  [ada, bob, meg, cus] = await Promise.all([
    createKeyedUser(stack.db, 'agent'),
    createKeyedUser(stack.db, 'agent'),
    createKeyedUser(stack.db, 'manager'),
    createKeyedUser(stack.db, 'customer'),
  ]);
  const [one, two] = await stack
    .db('teams')
    .insert([{ name: `One ${randomUUID()}` }, { name: `Two ${randomUUID()}` }])
    .returning('id');
  teamOne = one.id;
  await stack.db('team_members').insert([
    { team_id: one.id, user_id: ada.user.id },
    { team_id: two.id, user_id: bob.user.id },
  ]);
  const rows: Record<string, unknown>[] = [
    { title: 'Ada open', status: 'open', assignee_id: ada.user.id, team_id: one.id, priority: 'urgent' },
    { title: 'Ada resolved', status: 'resolved', assignee_id: ada.user.id, team_id: one.id },
    { title: 'Unassigned one', status: 'new', team_id: one.id, priority: 'urgent' },
    { title: 'Unassigned two', status: 'open', team_id: two.id },
    { title: 'First response in 30 min', status: 'open', assignee_id: bob.user.id, first_response_due_at: minutes(30) },
    { title: 'First response in 2 h', status: 'open', assignee_id: bob.user.id, first_response_due_at: minutes(120) },
    {
      title: 'Resolution in 20 min',
      status: 'open',
      assignee_id: bob.user.id,
      first_response_due_at: minutes(-60),
      first_responded_at: minutes(-90),
      resolution_due_at: minutes(20),
    },
    { title: 'Already past due', status: 'open', assignee_id: bob.user.id, first_response_due_at: minutes(-10) },
    { title: 'Breached flag', status: 'new', sla_breached: true, first_response_due_at: minutes(15) },
    { title: 'Paused clock', status: 'pending', assignee_id: bob.user.id, first_response_due_at: minutes(10) },
    { title: 'Waiting 4 days', status: 'pending', assignee_id: ada.user.id, updated_at: days(4) },
    { title: 'Waiting 2 days', status: 'pending', assignee_id: bob.user.id, updated_at: days(2) },
    { title: 'Closed long ago', status: 'closed', updated_at: days(30) },
  ];
  await stack.db('tickets').insert(
    rows.map((row, i) => ({
      description: 'Seeded for the views test',
      requester_id: cus.user.id,
      created_at: new Date(Date.now() - (rows.length - i) * 60_000),
      ...row,
    })),
  );
});

const get = (who: KeyedUser, path: string) => requestJson(`${stack.baseUrl}/api${path}`, { headers: who.auth });
const post = (who: KeyedUser, body: unknown) => requestJson(`${stack.baseUrl}/api/views`, { headers: who.auth, body });
const titles = (body: { items: { title: string }[] }) => body.items.map((t) => t.title);
const countsOf = async (who: KeyedUser) =>
  Object.fromEntries(
    ((await get(who, '/views')).body.items as { name: string; count: number }[]).map((v) => [v.name, v.count]),
  );

describe('the built-in views', () => {
  it('show exactly the tickets they name, in their order', async () => {
    // Neither has an SLA deadline to sort by: the newer ticket comes first.
    expect(titles((await get(ada, '/tickets?view=my-open')).body)).toEqual(['Waiting 4 days', 'Ada open']);
    expect(titles((await get(ada, '/tickets?view=unassigned-in-my-teams')).body)).toEqual(['Unassigned one']);
    expect(titles((await get(bob, '/tickets?view=unassigned-in-my-teams')).body)).toEqual(['Unassigned two']);
    expect(titles((await get(ada, '/tickets?view=breaching-within-1h')).body)).toEqual([
      'Resolution in 20 min',
      'First response in 30 min',
    ]);
    expect(titles((await get(ada, '/tickets?view=waiting-for-customer-3d')).body)).toEqual(['Waiting 4 days']);
    expect(titles((await get(ada, '/tickets?view=all-open&limit=100')).body)).toEqual([
      'Waiting 2 days',
      'Waiting 4 days',
      'Paused clock',
      'Breached flag',
      'Already past due',
      'Resolution in 20 min',
      'First response in 2 h',
      'First response in 30 min',
      'Unassigned two',
      'Unassigned one',
      'Ada open',
    ]);
  });

  it('list with their counts, which depend on who asks', async () => {
    const expected = {
      'My open tickets': 2,
      'Unassigned in my teams': 1,
      'Breaching within 1 hour': 2,
      'Waiting for customer > 3 days': 1,
      'All open': 11,
    };
    expect(await countsOf(ada)).toEqual(expected);
    expect(await countsOf(bob)).toEqual({ ...expected, 'My open tickets': 6 });
  });

  it('page with a cursor without repeating or skipping', async () => {
    const first = await get(ada, '/tickets?view=all-open&limit=5');
    const second = await get(ada, `/tickets?view=all-open&limit=5&cursor=${first.body.nextCursor}`);
    const third = await get(ada, `/tickets?view=all-open&limit=5&cursor=${second.body.nextCursor}`);
    expect([...titles(first.body), ...titles(second.body), ...titles(third.body)]).toHaveLength(11);
    expect(new Set([...titles(first.body), ...titles(second.body), ...titles(third.body)]).size).toBe(11);
    expect(third.body.nextCursor).toBeNull();
  });

  it('refuse customers, unknown views, and filters mixed into a view', async () => {
    expect((await get(cus, '/views')).status).toBe(403);
    expect((await get(cus, '/tickets?view=all-open')).status).toBe(403);
    expect((await get(ada, '/tickets?view=no-such-view')).status).toBe(404);
    const mixed = await get(ada, '/tickets?view=all-open&status=open');
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.details).toEqual([{ path: 'status', message: 'cannot be combined with view' }]);
  });
});

describe('saved views', () => {
  it('are their owner’s alone, with their filters and sort', async () => {
    const saved = await post(ada, {
      name: 'Urgent ones',
      filters: { priority: ['urgent'], status: ['new', 'open'] },
      sort: { by: 'createdAt', direction: 'asc' },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Urgent ones', kind: 'personal', count: 2, sharedWithTeam: null });
    expect(titles((await get(ada, `/tickets?view=${saved.body.id}`)).body)).toEqual(['Ada open', 'Unassigned one']);
    expect((await countsOf(ada))['Urgent ones']).toBe(2);
    expect((await countsOf(bob))['Urgent ones']).toBeUndefined();
    expect((await get(bob, `/tickets?view=${saved.body.id}`)).status).toBe(404);
    expect(
      (await requestJson(`${stack.baseUrl}/api/views/${saved.body.id}`, { method: 'DELETE', headers: bob.auth }))
        .status,
    ).toBe(404);
    expect(
      (await requestJson(`${stack.baseUrl}/api/views/${saved.body.id}`, { method: 'DELETE', headers: ada.auth }))
        .status,
    ).toBe(204);
    expect((await get(ada, `/tickets?view=${saved.body.id}`)).status).toBe(404);
  });

  it('shared by a manager with a team are seen by its members only', async () => {
    expect((await post(ada, { name: 'Try to share', filters: {}, sharedWithTeamId: teamOne })).status).toBe(403);
    const shared = await post(meg, {
      name: 'Team one unassigned',
      filters: { teamId: teamOne, assigneeId: 'none' },
      sharedWithTeamId: teamOne,
    });
    expect(shared.status).toBe(201);
    const seenByAda = (await get(ada, '/views')).body.items.find((v: { id: string }) => v.id === shared.body.id);
    expect(seenByAda).toMatchObject({ kind: 'shared', count: 1, owner: { id: meg.user.id } });
    expect(titles((await get(ada, `/tickets?view=${shared.body.id}`)).body)).toEqual(['Unassigned one']);
    expect((await get(bob, `/tickets?view=${shared.body.id}`)).status).toBe(404);
    const deleteByMember = await requestJson(`${stack.baseUrl}/api/views/${shared.body.id}`, {
      method: 'DELETE',
      headers: ada.auth,
    });
    expect(deleteByMember.status).toBe(403);
  });

  it('are renamed, refiltered, shared and taken back by their owner only', async () => {
    const patch = (who: typeof ada, id: string, body: unknown) =>
      requestJson(`${stack.baseUrl}/api/views/${id}`, { method: 'PATCH', headers: who.auth, body });
    const mine = await post(meg, { name: 'Meg draft', filters: { priority: ['urgent'] } });
    expect(mine.status).toBe(201);
    const other = await post(meg, { name: 'Meg other', filters: {} });

    const renamed = await patch(meg, mine.body.id, {
      name: 'Team one unassigned urgent',
      filters: { teamId: teamOne, assigneeId: 'none' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Team one unassigned urgent', count: 1, sharedWithTeam: null });
    expect((await get(ada, `/tickets?view=${mine.body.id}`)).status).toBe(404);

    const shared = await patch(meg, mine.body.id, { sharedWithTeamId: teamOne });
    expect(shared.body).toMatchObject({ sharedWithTeam: { id: teamOne } });
    expect(titles((await get(ada, `/tickets?view=${mine.body.id}`)).body)).toEqual(['Unassigned one']);
    expect((await patch(ada, mine.body.id, { name: 'Hijacked' })).status).toBe(403);
    expect((await patch(bob, mine.body.id, { name: 'Hijacked' })).status).toBe(404);

    const taken = await patch(meg, other.body.id, { name: 'Team one unassigned urgent' });
    expect(taken.status).toBe(400);
    expect(taken.body.error.details).toEqual([
      { path: 'name', message: expect.stringContaining('already have a view') },
    ]);
    const empty = await patch(meg, other.body.id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message + JSON.stringify(empty.body.error.details)).toContain('nothing to change');

    // An agent may keep a view to themselves but not share one, not even their own.
    const adas = await post(ada, { name: 'Ada private', filters: {} });
    expect((await patch(ada, adas.body.id, { sharedWithTeamId: teamOne })).status).toBe(403);

    expect((await patch(meg, mine.body.id, { sharedWithTeamId: null })).body).toMatchObject({ sharedWithTeam: null });
    expect((await get(ada, `/tickets?view=${mine.body.id}`)).status).toBe(404);
  });

  it('name the field that is wrong', async () => {
    const bad = await post(ada, {
      name: '',
      filters: { status: ['archived'], colour: 'red' },
      sort: { by: 'title', direction: 'asc' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['name', 'filters.status.0', 'filters.colour', 'sort.by']),
    );
    expect((await post(ada, { name: 'Twice', filters: {} })).status).toBe(201);
    const twice = await post(ada, { name: 'Twice', filters: {} });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([
      { path: 'name', message: expect.stringContaining('already have a view') },
    ]);
    const noTeam = await post(meg, { name: 'Nowhere', filters: {}, sharedWithTeamId: 999_999 });
    expect(noTeam.body.error.details).toEqual([{ path: 'sharedWithTeamId', message: 'there is no team 999999' }]);
  });
});
