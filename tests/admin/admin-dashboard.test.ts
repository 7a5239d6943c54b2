import { beforeAll, describe, expect, it } from 'vitest';
import { readDashboardFigures } from '../../db/dashboard-figures.js';
import { insertUser } from '../../db/users.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession } from './admin-session.js';

// The dashboard's numbers on a database holding exactly the tickets below.
const stack = useTestStack({ isolatedDatabase: true, worker: false });
const now = new Date();
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

beforeAll(async () => {
  const db = stack.db;
  const requester = await insertUser(db, {
    email: 'dash-customer@test.example',
    name: 'Dash Customer',
    role: 'customer',
  });
  const alice = await insertUser(db, { email: 'dash-alice@test.example', name: 'Dash Alice', role: 'agent' });
  await insertUser(db, { email: 'dash-bob@test.example', name: 'Dash Bob', role: 'agent' });
  const [red, blue] = await db('teams')
    .insert([{ name: 'Red' }, { name: 'Blue' }])
    .returning('id');
  await db('team_members').insert([
    { team_id: red.id, user_id: alice.id, capacity: 5 },
    { team_id: blue.id, user_id: alice.id, capacity: 3 },
  ]);
  const base = { description: 'd', requester_id: requester.id, created_at: minutes(-30) };
  await db('tickets').insert([
    // Met its first response and resolution targets.
    {
      ...base,
      title: 'met',
      status: 'resolved',
      priority: 'normal',
      team_id: red.id,
      first_response_due_at: minutes(-20),
      first_responded_at: minutes(-25),
      resolution_due_at: minutes(-5),
      resolved_at: minutes(-10),
    },
    // Missed its first response (due passed, no answer): breached, open and on Alice's desk.
    {
      ...base,
      title: 'missed',
      status: 'open',
      priority: 'urgent',
      team_id: red.id,
      assignee_id: alice.id,
      sla_breached: true,
      first_response_due_at: minutes(-10),
      resolution_due_at: minutes(60),
    },
    // Nothing decided yet.
    {
      ...base,
      title: 'pending',
      status: 'new',
      priority: 'high',
      team_id: blue.id,
      assignee_id: alice.id,
      first_response_due_at: minutes(30),
      resolution_due_at: minutes(90),
    },
    { ...base, title: 'new high', status: 'new', priority: 'high' },
    // Resolved late, breached, without a team.
    {
      ...base,
      title: 'late',
      status: 'closed',
      priority: 'low',
      sla_breached: true,
      first_response_due_at: minutes(-29),
      first_responded_at: minutes(-28),
      resolution_due_at: minutes(-20),
      resolved_at: minutes(-15),
    },
    { ...base, title: 'waiting', status: 'pending', priority: 'low', team_id: blue.id },
  ]);
});

describe('the dashboard', () => {
  it('counts open work, SLA compliance, breaches and agent load in SQL', async () => {
    const figures = await readDashboardFigures(stack.db, { weeks: 2, now });
    expect(figures.openByStatusAndPriority).toEqual([
      { status: 'new', priority: 'high', count: 2 },
      { status: 'open', priority: 'urgent', count: 1 },
      { status: 'pending', priority: 'low', count: 1 },
    ]);
    const week = figures.slaComplianceByWeek.reduce(
      (sum, w) => ({
        frMet: sum.frMet + w.firstResponseMet,
        frDecided: sum.frDecided + w.firstResponseDecided,
        resMet: sum.resMet + w.resolutionMet,
        resDecided: sum.resDecided + w.resolutionDecided,
      }),
      { frMet: 0, frDecided: 0, resMet: 0, resDecided: 0 },
    );
    // First response: met on time, missed (due passed), answered late; the fourth is not due yet.
    expect(week).toEqual({ frMet: 1, frDecided: 3, resMet: 1, resDecided: 2 });
    expect(figures.breachesByTeam).toEqual([
      { team: 'No team', count: 1 },
      { team: 'Red', count: 1 },
    ]);
    expect(figures.agentLoad.filter((a) => a.name.startsWith('Dash'))).toEqual([
      { userId: expect.any(Number), name: 'Dash Alice', openTickets: 2, capacity: 8 },
      { userId: expect.any(Number), name: 'Dash Bob', openTickets: 0, capacity: null },
    ]);
  });

  it('serves the same numbers to the dashboard component', async () => {
    const manager = await adminSession(stack, 'manager');
    const res = await manager.get('/api/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.openByStatusAndPriority).toEqual(
      (await readDashboardFigures(stack.db, { weeks: 8 })).openByStatusAndPriority,
    );
    expect(res.body.agentLoad.find((a: { name: string }) => a.name === 'Dash Alice')).toMatchObject({
      openTickets: 2,
      capacity: 8,
    });
  });
});
