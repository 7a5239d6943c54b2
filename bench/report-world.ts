import type { Db } from '../db/connection.js';

/** What the report benchmark generated. */
export interface ReportWorld {
  tickets: number;
  events: number;
  ratings: number;
  deflectionEvents: number;
  from: string;
  to: string;
}

const weekdays = JSON.stringify(
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
      d,
      [
        ['09:00', '12:30'],
        ['13:30', '17:00'],
      ],
    ]),
  ),
);
const allDay = JSON.stringify(
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
);

/**
 * A year of a busy helpdesk in SQL (seconds, not hours): `tickets` tickets on three teams, twenty
 * agents and three SLA policies (two calendars, one in Berlin office hours with holidays), about ten
 * audit events each — creation, routing, first response, pending and back, breaches for some,
 * reopenings for others, solve, auto-close — ratings for a third, deflection sessions, articles.
 * Random but repeatable; tickets of the last weeks are still open, so the backlog is real.
 */
export async function createReportWorld(db: Db, tickets: number): Promise<ReportWorld> {
  await db.raw('select setseed(0.42)');
  await db.raw(`insert into teams (name) values ('Bench support'), ('Bench billing'), ('Bench platform')`);
  await db.raw(`insert into users (email, name, role)
    select 'agent' || g || '@report.bench', 'Agent ' || g, 'agent' from generate_series(1, 20) g`);
  await db.raw(`insert into users (email, name, role)
    select 'customer' || g || '@report.bench', 'Customer ' || g, 'customer' from generate_series(1, 1000) g`);
  await db.raw(
    `insert into business_calendars (name, timezone, weekly_hours, holidays) values
       ('Bench Berlin', 'Europe/Berlin', ?, '[{"date":"2026-12-24"},{"date":"2026-12-25"},{"date":"2026-05-01"}]'),
       ('Bench 24x7', 'UTC', ?, '[]')`,
    [weekdays, allDay],
  );
  await db.raw(`insert into sla_policies (name, position, first_response_target_seconds, resolution_target_seconds, calendar_id)
    values ('Bench urgent', 1, 3600, 14400, (select id from business_calendars where name = 'Bench 24x7')),
           ('Bench standard', 2, 28800, 144000, (select id from business_calendars where name = 'Bench Berlin')),
           ('Bench premium', 3, 7200, 57600, (select id from business_calendars where name = 'Bench Berlin'))`);
  // Tickets spread over the year up to now; fields drawn independently.
  await db.raw(
    `insert into tickets (title, description, status, priority, channel, requester_id, team_id, assignee_id, sla_policy_id, created_at, updated_at)
     select 'Ticket ' || g, 'Report benchmark', 'open',
            (array['low','normal','high','urgent'])[1 + floor(random() * 4)::int],
            (array['portal','api','email','back_office','guest'])[1 + floor(random() * 5)::int],
            (select min(id) from users where role = 'customer') + floor(random() * 1000)::int,
            (select min(id) from teams where name like 'Bench %') + floor(random() * 3)::int,
            (select min(id) from users where email like 'agent%@report.bench') + floor(random() * 20)::int,
            case when random() < 0.85 then (select min(id) from sla_policies where name like 'Bench %') + floor(random() * 3)::int end,
            now() - interval '365 days' + random() * interval '365 days', now()
     from generate_series(1, ?) g`,
    [tickets],
  );
  // About ten audit events a ticket, minutes to days apart; none in the future, so recent tickets stay open.
  await db.raw(`
    insert into ticket_events (ticket_id, source, type, before, after, created_at)
    select t.id, 'workflow', x.type, x.before::jsonb, x.after::jsonb, t.created_at + x.delay
    from tickets t
    cross join lateral (select (t.id * 7919) % 1000 / 1000.0 as r) h
    cross join lateral (values
      ('created', null, '{"status":"new","channel":"api"}', interval '0'),
      ('workflow_started', null, '{}', interval '1 second'),
      ('sla_planned', '{}', '{"policyId":1}', interval '2 seconds'),
      ('assigned', '{"assigneeId":null}', '{"assigneeId":1}', interval '3 seconds'),
      (case when h.r < 0.15 then 'sla_breached' else 'sla_warning' end, '{"slaBreached":false}',
        '{"target":"first_response"}', interval '20 minutes' + h.r * interval '10 hours'),
      ('first_response_met', '{"firstRespondedAt":null}', '{"firstRespondedAt":"x"}', interval '30 minutes' + h.r * interval '20 hours'),
      ('status_changed', '{"status":"new"}', '{"status":"open"}', interval '30 minutes' + h.r * interval '20 hours'),
      ('status_changed', '{"status":"open"}', '{"status":"pending"}', interval '1 day' + h.r * interval '1 day'),
      (case when h.r < 0.1 then 'reopened_by_reply' else 'status_changed' end, '{"status":"pending"}', '{"status":"open"}',
        interval '2 days' + h.r * interval '2 days'),
      ('status_changed', '{"status":"open"}', '{"status":"resolved"}', interval '3 days' + h.r * interval '4 days'),
      ('auto_closed', '{"status":"resolved"}', '{"status":"closed"}', interval '10 days' + h.r * interval '4 days')
    ) as x(type, before, after, delay)
    where t.created_at + x.delay < now() and t.title like 'Ticket %'`);
  await db.raw(`insert into satisfaction_ratings (ticket_id, score, comment, created_at, updated_at)
    select t.id, 1 + floor(random() * 5)::int, case when random() < 0.3 then 'Comment on ' || t.title end,
           t.created_at + interval '5 days', t.created_at + interval '5 days'
    from tickets t where t.id % 3 = 0 and t.created_at < now() - interval '5 days'`);
  await db.raw(`insert into kb_articles (title, slug, body, status)
    select 'Article ' || g, 'bench-article-' || g, 'How to fix problem ' || g, 'published' from generate_series(1, 200) g`);
  await db.raw(`insert into kb_deflection_events (session_id, type, article_id, channel, created_at)
    select s.session, x.type, s.article, s.channel, s.at + x.delay
    from (select gen_random_uuid() as session, (select min(id) from kb_articles) + floor(random() * 200)::int as article,
                 (array['portal','guest'])[1 + floor(random() * 2)::int] as channel, r,
                 now() - random() * interval '365 days' as at
          from (select random() as r from generate_series(1, 20000)) g) s
    cross join lateral (values ('shown', interval '0'), ('opened', interval '1 minute'), ('solved', interval '2 minutes')) x(type, delay)
    where x.type = 'shown' or (x.type = 'opened' and s.r < 0.5) or (x.type = 'solved' and s.r < 0.25)`);
  await db.raw('analyze');
  const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n ?? 0);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    tickets: await count('tickets'),
    events: await count('ticket_events'),
    ratings: await count('satisfaction_ratings'),
    deflectionEvents: await count('kb_deflection_events'),
    from: day(-365),
    to: day(0),
  };
}
