import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { createLifecycleWorld, isolateWorld } from './support/lifecycle-fixtures.js';
import { createReportDataset, type ReportDataset } from './support/report-dataset.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Every report's figures against a hand count of a small week of data (tests/support/report-dataset.ts).
// How the hand count goes is written beside each expectation.

let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let stack: TestStack;
let manager: KeyedUser;
let data: ReportDataset;
const week = 'from=2026-03-02&to=2026-03-08&timezone=UTC';
const range = { from: '2026-03-02', to: '2026-03-08', timezone: 'UTC', teamId: null };

const report = async (name: string, query = week) => {
  const res = await requestJson(`${stack.baseUrl}/api/reports/${name}?${query}`, { headers: manager.auth });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const csv = async (name: string, query = week) => {
  const res = await fetch(`${stack.baseUrl}/api/reports/${name}.csv?${query}`, { headers: manager.auth });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(
    new RegExp(`attachment; filename="${name}-2026-03-02-2026-03-08.csv"`),
  );
  return (await res.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
};

beforeAll(async () => {
  database = await createIsolatedDatabase();
  stack = await startTestStack({ databaseUrl: database.url, worker: false });
  data = await createReportDataset(stack.db);
  manager = await createKeyedUser(stack.db, 'manager', { scopes: ['tickets:read'] });
});
afterAll(async () => {
  await stack?.close();
  await database?.drop();
});

describe('reports against a hand count', () => {
  it('ticket volume: created and solved per day, channel, team and priority', async () => {
    const body = await report('ticket-volume');
    expect(body.range).toEqual(range);
    // Created in the week: T1, T2 (Mon), T3 (Tue), T4 (Wed), T5 (Thu), T7 (Sat); T6 before, T8 after.
    // Solves: T6 (Mon), T1 and T3 (Tue), T2 (Wed), T2 again after its reopening (Thu), T5 closed
    // unresolved (Fri). T1's auto-close after resolving is not another solve.
    expect(body.totals).toEqual({ created: 6, solved: 6 });
    expect(body.byDay).toEqual([
      { day: '2026-03-02', created: 2, solved: 1 },
      { day: '2026-03-03', created: 1, solved: 2 },
      { day: '2026-03-04', created: 1, solved: 1 },
      { day: '2026-03-05', created: 1, solved: 1 },
      { day: '2026-03-06', created: 0, solved: 1 },
      { day: '2026-03-07', created: 1, solved: 0 },
      { day: '2026-03-08', created: 0, solved: 0 },
    ]);
    const sorted = <T extends Record<string, unknown>>(rows: T[], key: keyof T) =>
      [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
    expect(sorted(body.byChannel, 'channel')).toEqual([
      { channel: 'api', created: 1, solved: 1 },
      { channel: 'email', created: 1, solved: 2 },
      { channel: 'guest', created: 1, solved: 1 },
      { channel: 'portal', created: 3, solved: 2 },
    ]);
    expect(sorted(body.byTeam, 'team')).toEqual([
      { teamId: data.teams.billing, team: 'Billing', created: 3, solved: 1 },
      { teamId: data.teams.support, team: 'Support', created: 3, solved: 5 },
    ]);
    expect(sorted(body.byPriority, 'priority')).toEqual([
      { priority: 'high', created: 2, solved: 1 },
      { priority: 'low', created: 1, solved: 0 },
      { priority: 'normal', created: 2, solved: 4 },
      { priority: 'urgent', created: 1, solved: 1 },
    ]);
    const billing = await report('ticket-volume', `${week}&teamId=${data.teams.billing}`);
    expect(billing.totals).toEqual({ created: 3, solved: 1 });
  });

  it('response times: median and p90 in business time on each ticket’s calendar', async () => {
    const body = await report('response-times');
    // First responses in the week, in business seconds: T1 Mon 10:00→11:30 = 1.5 h; T2 Mon 16:00→Tue 09:30
    // on office hours = 1 h + 0.5 h; T3 on the 24×7 policy 09:00→12:00 = 3 h. T6 answered the week before.
    // Median of [5400, 5400, 10800] = 5400; p90 = 5400 + 0.8 × 5400 = 9720.
    expect(body.firstResponse.overall).toEqual({ count: 3, medianSeconds: 5400, p90Seconds: 9720 });
    // Resolutions (creation → last solve in the week): T6 Fri 10:00→Mon 09:30 = 7 h + 0.5 h; T1 7 h + 1 h;
    // T3 11 h around the clock; T2 1 + 8 + 8 + 6 h (its second solve); T5 no policy, 24 h of wall clock.
    // [27000, 28800, 39600, 82800, 86400]: median 39600; p90 = 82800 + 0.6 × 3600 = 84960.
    expect(body.resolution.overall).toEqual({ count: 5, medianSeconds: 39600, p90Seconds: 84960 });
    expect(body.firstResponse.byTeam).toEqual(
      expect.arrayContaining([
        { teamId: data.teams.support, team: 'Support', count: 2, medianSeconds: 5400, p90Seconds: 5400 },
        { teamId: data.teams.billing, team: 'Billing', count: 1, medianSeconds: 10800, p90Seconds: 10800 },
      ]),
    );
    expect(body.resolution.byPriority).toEqual(
      expect.arrayContaining([
        // normal: T6 27000, T2 82800, T5 86400.
        { priority: 'normal', count: 3, medianSeconds: 82800, p90Seconds: 85680 },
        { priority: 'urgent', count: 1, medianSeconds: 39600, p90Seconds: 39600 },
      ]),
    );
  });

  it('SLA compliance: each target decided once, by whichever of met and breached came first', async () => {
    const body = await report('sla-compliance');
    // First response: T1, T2 met; T3 breached before its reply; T4 breached; T6 decided the week before.
    // Resolution: T6, T1, T2 (first solve), T3 met; T4 breached; T5 has no policy.
    const rate = (met: number, breached: number) => ({ met, breached, rate: met / (met + breached) });
    expect(body.overall).toEqual({ firstResponse: rate(2, 2), resolution: rate(4, 1) });
    expect(body.byPolicy).toEqual(
      expect.arrayContaining([
        { policyId: data.policies.office, policy: 'Office', firstResponse: rate(2, 1), resolution: rate(3, 1) },
        {
          policyId: data.policies.allDay,
          policy: 'Around the clock',
          firstResponse: rate(0, 1),
          resolution: rate(1, 0),
        },
      ]),
    );
    expect(body.byAgent).toEqual(
      expect.arrayContaining([
        { agentId: data.agents.ann, agent: 'Ann', firstResponse: rate(1, 1), resolution: rate(3, 0) },
        { agentId: data.agents.ben, agent: 'Ben', firstResponse: rate(1, 1), resolution: rate(1, 1) },
      ]),
    );
    expect(body.byTeam).toEqual(
      expect.arrayContaining([
        { teamId: data.teams.support, team: 'Support', firstResponse: rate(2, 0), resolution: rate(3, 0) },
        { teamId: data.teams.billing, team: 'Billing', firstResponse: rate(0, 2), resolution: rate(1, 1) },
      ]),
    );
  });

  it('backlog age: what was open when the week ended, as the audit trail had it then', async () => {
    const body = await report('backlog-age');
    // Open at Mon 2026-03-09 00:00: T4 (since Wed 09:00, 4 d 15 h; solved only on the 10th) and T7
    // (since Sat 12:00, 36 h). Every other ticket of the week was resolved or closed by then.
    expect(body.asOf).toBe('2026-03-09T00:00:00.000Z');
    expect(body.total).toBe(2);
    expect(body.medianAgeSeconds).toBe((399_600 + 129_600) / 2);
    expect(body.buckets).toEqual([
      { bucket: 'under 1 day', count: 0 },
      { bucket: '1–3 days', count: 1 },
      { bucket: '3–7 days', count: 1 },
      { bucket: '7–30 days', count: 0 },
      { bucket: 'over 30 days', count: 0 },
    ]);
    expect(body.byStatus).toEqual([{ status: 'new', count: 2 }]);
    expect(body.byTeam).toEqual([{ teamId: data.teams.billing, team: 'Billing', count: 2, medianAgeSeconds: 264_600 }]);
  });

  it('reopen rate: solved in the week and reopened at any time after', async () => {
    const body = await report('reopen-rate');
    // Solved: T6, T1, T3, T2, T5. Reopened: T2 (Thursday) and T3 (the 12th, after the week).
    expect(body).toMatchObject({ solved: 5, reopened: 2, rate: 0.4 });
    expect(body.byTeam).toEqual(
      expect.arrayContaining([
        { teamId: data.teams.support, team: 'Support', solved: 4, reopened: 1, rate: 0.25 },
        { teamId: data.teams.billing, team: 'Billing', solved: 1, reopened: 1, rate: 1 },
      ]),
    );
  });

  it('CSAT: distribution, average, satisfied share, by agent and team, latest comments first', async () => {
    const body = await report('csat');
    // Ratings in the week: T1 5, T2 2, T3 4, T6 3 (T5's came on the 10th).
    expect(body).toMatchObject({ count: 4, average: 3.5, satisfiedRate: 0.5 });
    expect(body.distribution).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, count: score === 1 ? 0 : 1 })));
    expect(body.byAgent).toEqual(
      expect.arrayContaining([
        { agentId: data.agents.ann, agent: 'Ann', count: 3, average: 4, satisfiedRate: 2 / 3 },
        { agentId: data.agents.ben, agent: 'Ben', count: 1, average: 2, satisfiedRate: 0 },
      ]),
    );
    expect(body.byTeam).toEqual(
      expect.arrayContaining([
        { teamId: data.teams.support, team: 'Support', count: 3, average: 10 / 3, satisfiedRate: 1 / 3 },
        { teamId: data.teams.billing, team: 'Billing', count: 1, average: 4, satisfiedRate: 1 },
      ]),
    );
    expect(body.comments.map((c: { ticketNumber: string; comment: string }) => [c.ticketNumber, c.comment])).toEqual([
      [data.tickets.t2.number, 'Took two tries'],
      [data.tickets.t1.number, 'Fast and friendly'],
      [data.tickets.t6.number, "=cmd|' /C calc'!A0"],
    ]);
  });

  it('deflection: form visits with suggestions that ended without a ticket', async () => {
    const body = await report('deflection');
    // Visits in the week: 1 (portal: shown, opened, solved), 2 (guest: shown, opened), 3 (guest: shown),
    // 4 (portal: shown, opened, solved). Visit 5 was on the 10th.
    expect(body.sessions).toEqual({ shown: 4, opened: 3, solved: 2, rate: 0.5 });
    expect(body.byChannel).toEqual(
      expect.arrayContaining([
        { channel: 'portal', shown: 2, opened: 2, solved: 2, rate: 1 },
        { channel: 'guest', shown: 2, opened: 1, solved: 0, rate: 0 },
      ]),
    );
    expect(body.byArticle).toEqual([
      {
        articleId: data.articles.a2,
        title: 'Printer offline',
        slug: 'report-printer-offline',
        shown: 3,
        opened: 1,
        solved: 1,
      },
      {
        articleId: data.articles.a1,
        title: 'Reset your password',
        slug: 'report-reset-password',
        shown: 2,
        opened: 2,
        solved: 1,
      },
    ]);
  });
});

describe('CSV exports', () => {
  it('give the rows behind a report, a header first', async () => {
    const lines = await csv('ticket-volume');
    expect(lines[0]).toBe('day,channel,team,priority,created,solved');
    expect(lines).toContain('2026-03-05,email,Support,normal,0,1');
    expect(lines.slice(1).reduce((n, l) => n + Number(l.split(',')[4]), 0)).toBe(6);
  });

  it('list each ticket’s business-time figures', async () => {
    const lines = await csv('response-times');
    expect(lines[0]).toBe(
      'ticket,team,priority,channel,created_at,first_response_at,first_response_business_seconds,solved_at,resolution_business_seconds',
    );
    expect(lines).toContain(
      `${data.tickets.t2.number},Support,normal,email,2026-03-02T16:00:00.000Z,2026-03-03T09:30:00.000Z,5400,2026-03-05T15:00:00.000Z,82800`,
    );
    expect(lines).toHaveLength(1 + 5);
  });

  it('keep spreadsheet formulas typed by customers inert', async () => {
    const lines = await csv('csat');
    expect(lines).toContain(`${data.tickets.t6.number},3,'=cmd|' /C calc'!A0,Ann,Support,2026-03-03T08:00:00.000Z`);
  });
});

describe('report requests', () => {
  it('refuse impossible ranges and unknown time zones with a 400 naming the field', async () => {
    const backwards = await requestJson(`${stack.baseUrl}/api/reports/csat?from=2026-03-08&to=2026-03-01`, {
      headers: manager.auth,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const zone = await requestJson(`${stack.baseUrl}/api/reports/csat.csv?timezone=Mars/Olympus`, {
      headers: manager.auth,
    });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details[0].path).toBe('timezone');
  });

  it('are for managers and admins only', async () => {
    const agent = await createKeyedUser(stack.db, 'agent');
    const res = await requestJson(`${stack.baseUrl}/api/reports/csat`, { headers: agent.auth });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Only managers and admins may read reports.');
  });
});

describe('reports of tickets worked through their real workflows', () => {
  it('count what the workflow recorded: creation, first response, solves, the reopening, the rating', async () => {
    const live = await startTestStack({ databaseUrl: database.url });
    try {
      const world = await createLifecycleWorld(live.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
      await isolateWorld(live.db, world);
      const api = (path: string, auth: Record<string, string>, body?: unknown, method?: string) =>
        requestJson(`${live.baseUrl}/api${path}`, { headers: auth, body, ...(method ? { method } : {}) });
      const ticket = (await api('/tickets', world.customer.auth, { title: 'Jammed', description: 'Paper jam' })).body;
      const row = () => live.db('tickets').where({ id: ticket.id }).first();
      await eventually(async () => expect((await row()).team_id).toBe(world.teamId));
      expect((await api(`/tickets/${ticket.id}/messages`, world.staff.auth, { body: 'On it' })).status).toBe(201);
      await eventually(async () => expect((await row()).status).toBe('open'));
      expect((await api(`/tickets/${ticket.id}`, world.staff.auth, { status: 'resolved' }, 'PATCH')).status).toBe(200);
      expect((await api(`/tickets/${ticket.id}/messages`, world.customer.auth, { body: 'Again' })).status).toBe(201);
      await eventually(async () => expect((await row()).status).toBe('open'));
      expect((await api(`/tickets/${ticket.id}`, world.staff.auth, { status: 'resolved' }, 'PATCH')).status).toBe(200);
      expect((await api(`/tickets/${ticket.id}/rating`, world.customer.auth, { score: 4, comment: 'ok' })).status).toBe(
        201,
      );

      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const query = `from=${day(-1)}&to=${day(1)}&teamId=${world.teamId}`;
      const read = async (name: string) =>
        (await requestJson(`${live.baseUrl}/api/reports/${name}?${query}`, { headers: manager.auth })).body;
      await eventually(async () => expect((await read('ticket-volume')).totals).toEqual({ created: 1, solved: 2 }));
      const times = await read('response-times');
      expect(times.firstResponse.overall.count).toBe(1);
      expect(times.firstResponse.overall.medianSeconds).toBeGreaterThan(0);
      expect(times.firstResponse.overall.medianSeconds).toBeLessThan(600);
      expect(times.resolution.overall.count).toBe(1);
      const sla = await read('sla-compliance');
      expect(sla.overall.firstResponse).toEqual({ met: 1, breached: 0, rate: 1 });
      expect(sla.overall.resolution).toEqual({ met: 1, breached: 0, rate: 1 });
      expect(await read('reopen-rate')).toMatchObject({ solved: 1, reopened: 1, rate: 1 });
      expect(await read('csat')).toMatchObject({ count: 1, average: 4, satisfiedRate: 1 });
      expect((await read('backlog-age')).total).toBe(0);
    } finally {
      await live.close();
    }
  });
});
