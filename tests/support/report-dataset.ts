import type { Db } from '../../db/connection.js';

/**
 * A week of helpdesk life with every figure counted by hand (tests/reports.test.ts lists them):
 * eight tickets on two teams, an office-hours and a 24×7 SLA policy, their audit trails, ratings, and
 * deflection sessions. Times are UTC; the week is Monday 2026-03-02 to Sunday 2026-03-08.
 */
export interface ReportDataset {
  teams: { support: number; billing: number };
  agents: { ann: number; ben: number };
  policies: { office: number; allDay: number };
  articles: { a1: number; a2: number };
  tickets: Record<'t1' | 't2' | 't3' | 't4' | 't5' | 't6' | 't7' | 't8', { id: number; number: string }>;
}

const at = (iso: string) => new Date(`${iso}Z`);

/** Writes the dataset into an empty, migrated database. */
export async function createReportDataset(db: Db): Promise<ReportDataset> {
  const [support, billing] = await db('teams')
    .insert([{ name: 'Support' }, { name: 'Billing' }])
    .returning('id');
  const [ann, ben, customer] = await db('users')
    .insert([
      { email: 'ann@report.example', name: 'Ann', role: 'agent' },
      { email: 'ben@report.example', name: 'Ben', role: 'agent' },
      { email: 'cy@report.example', name: 'Cy', role: 'customer' },
    ])
    .returning('id');
  const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  );
  const [office, always] = await db('business_calendars')
    .insert([
      { name: 'Office 9-17 UTC', timezone: 'UTC', weekly_hours: JSON.stringify(weekdays) },
      { name: 'Always', timezone: 'UTC', weekly_hours: JSON.stringify(allDay) },
    ])
    .returning('id');
  const [officePolicy, allDayPolicy] = await db('sla_policies')
    .insert([
      {
        name: 'Office',
        first_response_target_seconds: 8 * 3600,
        resolution_target_seconds: 16 * 3600,
        calendar_id: office.id,
      },
      {
        name: 'Around the clock',
        first_response_target_seconds: 3600,
        resolution_target_seconds: 12 * 3600,
        calendar_id: always.id,
      },
    ])
    .returning('id');

  const team = { Support: support.id, Billing: billing.id };
  const agent = { Ann: ann.id, Ben: ben.id };
  const policy = { Office: officePolicy.id, Always: allDayPolicy.id };
  async function ticket(
    title: string,
    o: {
      created: string;
      channel: string;
      team: keyof typeof team;
      priority: string;
      policy: keyof typeof policy | null;
      agent: keyof typeof agent | null;
      status: string;
    },
  ) {
    const [row] = await db('tickets')
      .insert({
        title,
        description: title,
        status: o.status,
        priority: o.priority,
        channel: o.channel,
        requester_id: customer.id,
        team_id: team[o.team],
        assignee_id: o.agent ? agent[o.agent] : null,
        sla_policy_id: o.policy ? policy[o.policy] : null,
        created_at: at(o.created),
      })
      .returning(['id', 'number']);
    await event(row.id, 'created', o.created, null, { status: 'new', channel: o.channel, priority: o.priority });
    return row as { id: number; number: string };
  }
  async function event(ticketId: number, type: string, when: string, before: object | null, after: object) {
    await db('ticket_events').insert({
      ticket_id: ticketId,
      source: 'workflow',
      type,
      before: before ? JSON.stringify(before) : null,
      after: JSON.stringify(after),
      created_at: at(when),
    });
  }
  const status = (id: number, when: string, from: string, to: string, type = 'status_changed') =>
    event(id, type, when, { status: from }, { status: to, changedAt: `${when}Z` });
  const firstResponse = (id: number, when: string) =>
    event(id, 'first_response_met', when, { firstRespondedAt: null }, { firstRespondedAt: `${when}Z` });
  const breach = (id: number, when: string, target: string) =>
    event(id, 'sla_breached', when, { slaBreached: false }, { target, breachedAt: `${when}Z` });

  const t1 = await ticket('T1 printer', {
    created: '2026-03-02T10:00:00',
    channel: 'portal',
    team: 'Support',
    priority: 'high',
    policy: 'Office',
    agent: 'Ann',
    status: 'closed',
  });
  await firstResponse(t1.id, '2026-03-02T11:30:00');
  await status(t1.id, '2026-03-02T11:30:00', 'new', 'open');
  await status(t1.id, '2026-03-03T10:00:00', 'open', 'resolved');
  await status(t1.id, '2026-03-06T10:00:00', 'resolved', 'closed', 'auto_closed');

  const t2 = await ticket('T2 invoice', {
    created: '2026-03-02T16:00:00',
    channel: 'email',
    team: 'Support',
    priority: 'normal',
    policy: 'Office',
    agent: 'Ben',
    status: 'resolved',
  });
  await firstResponse(t2.id, '2026-03-03T09:30:00');
  await status(t2.id, '2026-03-03T09:30:00', 'new', 'open');
  await status(t2.id, '2026-03-04T12:00:00', 'open', 'resolved');
  await status(t2.id, '2026-03-05T09:00:00', 'resolved', 'open', 'reopened_by_reply');
  await status(t2.id, '2026-03-05T15:00:00', 'open', 'resolved');

  const t3 = await ticket('T3 outage', {
    created: '2026-03-03T09:00:00',
    channel: 'api',
    team: 'Billing',
    priority: 'urgent',
    policy: 'Always',
    agent: 'Ann',
    status: 'open',
  });
  await breach(t3.id, '2026-03-03T10:00:00', 'first_response');
  await firstResponse(t3.id, '2026-03-03T12:00:00');
  await status(t3.id, '2026-03-03T12:00:00', 'new', 'open');
  await status(t3.id, '2026-03-03T20:00:00', 'open', 'resolved');
  await status(t3.id, '2026-03-12T08:00:00', 'resolved', 'open'); // reopened after the week

  const t4 = await ticket('T4 refund', {
    created: '2026-03-04T09:00:00',
    channel: 'portal',
    team: 'Billing',
    priority: 'low',
    policy: 'Office',
    agent: 'Ben',
    status: 'resolved',
  });
  await breach(t4.id, '2026-03-05T09:00:00', 'first_response');
  await breach(t4.id, '2026-03-06T12:00:00', 'resolution');
  await status(t4.id, '2026-03-10T10:00:00', 'new', 'resolved'); // solved after the week: still backlog then

  const t5 = await ticket('T5 guest question', {
    created: '2026-03-05T10:00:00',
    channel: 'guest',
    team: 'Support',
    priority: 'normal',
    policy: null,
    agent: null,
    status: 'closed',
  });
  await status(t5.id, '2026-03-06T10:00:00', 'new', 'closed');

  const t6 = await ticket('T6 older', {
    created: '2026-02-27T10:00:00',
    channel: 'portal',
    team: 'Support',
    priority: 'normal',
    policy: 'Office',
    agent: 'Ann',
    status: 'resolved',
  });
  await firstResponse(t6.id, '2026-02-27T11:00:00');
  await status(t6.id, '2026-02-27T11:00:00', 'new', 'open');
  await status(t6.id, '2026-03-02T09:30:00', 'open', 'resolved');

  const t7 = await ticket('T7 weekend', {
    created: '2026-03-07T12:00:00',
    channel: 'portal',
    team: 'Billing',
    priority: 'high',
    policy: 'Office',
    agent: 'Ben',
    status: 'new',
  });

  const t8 = await ticket('T8 next week', {
    created: '2026-03-09T10:00:00',
    channel: 'portal',
    team: 'Support',
    priority: 'normal',
    policy: 'Office',
    agent: 'Ann',
    status: 'new',
  });

  const rating = (ticketId: number, score: number, comment: string | null, when: string) =>
    db('satisfaction_ratings').insert({
      ticket_id: ticketId,
      user_id: customer.id,
      score,
      comment,
      created_at: at(when),
      updated_at: at(when),
    });
  await rating(t1.id, 5, 'Fast and friendly', '2026-03-04T08:00:00');
  await rating(t2.id, 2, 'Took two tries', '2026-03-06T08:00:00');
  await rating(t3.id, 4, null, '2026-03-04T09:00:00');
  await rating(t6.id, 3, "=cmd|' /C calc'!A0", '2026-03-03T08:00:00');
  await rating(t5.id, 1, 'Outside the week', '2026-03-10T08:00:00');

  const [a1, a2] = await db('kb_articles')
    .insert([
      { title: 'Reset your password', slug: 'report-reset-password', body: 'Steps', status: 'published' },
      { title: 'Printer offline', slug: 'report-printer-offline', body: 'Steps', status: 'published' },
    ])
    .returning('id');
  const deflect = (session: string, type: string, articleId: number, channel: string, when: string) =>
    db('kb_deflection_events').insert({
      session_id: session,
      type,
      article_id: articleId,
      channel,
      created_at: at(when),
    });
  const s = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  await deflect(s(1), 'shown', a1.id, 'portal', '2026-03-02T12:00:00');
  await deflect(s(1), 'shown', a2.id, 'portal', '2026-03-02T12:00:00');
  await deflect(s(1), 'opened', a1.id, 'portal', '2026-03-02T12:01:00');
  await deflect(s(1), 'solved', a1.id, 'portal', '2026-03-02T12:02:00');
  await deflect(s(2), 'shown', a1.id, 'guest', '2026-03-03T12:00:00');
  await deflect(s(2), 'opened', a1.id, 'guest', '2026-03-03T12:01:00');
  await deflect(s(3), 'shown', a2.id, 'guest', '2026-03-04T12:00:00');
  await deflect(s(4), 'shown', a2.id, 'portal', '2026-03-05T12:00:00');
  await deflect(s(4), 'opened', a2.id, 'portal', '2026-03-05T12:01:00');
  await deflect(s(4), 'solved', a2.id, 'portal', '2026-03-05T12:02:00');
  await deflect(s(5), 'shown', a1.id, 'portal', '2026-03-10T12:00:00');
  await deflect(s(5), 'solved', a1.id, 'portal', '2026-03-10T12:01:00');

  return {
    teams: { support: support.id, billing: billing.id },
    agents: { ann: ann.id, ben: ben.id },
    policies: { office: officePolicy.id, allDay: allDayPolicy.id },
    articles: { a1: a1.id, a2: a2.id },
    tickets: { t1, t2, t3, t4, t5, t6, t7, t8 },
  };
}
