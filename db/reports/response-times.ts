import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';
import type { ResponseTimesReport } from '../../domain/report-schemas.js';
import { businessClockJson, clockCte, clockReadingSql, joinClock } from './business-clock-sql.js';
import { inRange, inTeam, isoText, rangeBindings, solvesTicket, streamRows, type ReportRow } from './report-sql.js';

// Business time per ticket, all in SQL: the audit trail gives the instants (first response met, last
// solve in the range), each ticket's SLA policy its calendar, and the calendar's business clock (hours
// computed by the domain's business-time math, bound as JSON) the business seconds by a hash join.
// Storing business seconds when a response or resolution happens would need the workflow (another
// team's code) to write them, history before that would lack them, and a calendar fixed later would
// not count; measuring in Node instead would ship every ticket to it, which costs more than the query.
const measured = `
  fr as (
    select e.ticket_id, min(e.created_at) as at from ticket_events e
    where e.type = 'first_response_met' and ${inRange} group by e.ticket_id
  ), sv as (
    select e.ticket_id, max(e.created_at) as at from ticket_events e where ${solvesTicket} and ${inRange}
    group by e.ticket_id
  ), m as (
    select t.id, t.number, t.team_id, t.priority, t.channel, t.created_at, p.calendar_id, fr.at as fr_at, sv.at as sv_at,
           date_part('epoch', t.created_at) as x0, date_part('epoch', fr.at) as x1, date_part('epoch', sv.at) as x2
    from fr full join sv on sv.ticket_id = fr.ticket_id
    join tickets t on t.id = coalesce(fr.ticket_id, sv.ticket_id)
    left join sla_policies p on p.id = t.sla_policy_id
    where ${inTeam}
  )`;

// Each instant is read once on its calendar's clock; business time is the difference of two readings.
const withTimes = `
  read as (
    select m.*,
      ${clockReadingSql('c0', 'm.x0')} as r0, ${clockReadingSql('c1', 'm.x1')} as r1, ${clockReadingSql('c2', 'm.x2')} as r2
    from m
    ${joinClock('c0', 'm.calendar_id', 'm.x0')}
    ${joinClock('c1', 'm.calendar_id', 'm.x1')}
    ${joinClock('c2', 'm.calendar_id', 'm.x2')}
  ), measured as (
    select r.*,
      case when r.calendar_id is null then r.x1 - r.x0 else r.r1 - r.r0 end as fr_s,
      case when r.calendar_id is null then r.x2 - r.x0 else r.r2 - r.r0 end as res_s
    from read r
  )`;

const summary = (r: ReportRow, prefix: 'fr' | 'res') => ({
  count: r[`${prefix}_count`],
  medianSeconds: r[`${prefix}_median`],
  p90Seconds: r[`${prefix}_p90`],
});

/** Median and 90th percentile of first-response and resolution times in business time, overall, by team and priority. */
export async function readResponseTimes(db: Knex, range: ReportRange): Promise<ResponseTimesReport> {
  const clock = await businessClockJson(db, range.end);
  const { rows } = await db.raw(
    `/* report:response-times */ with ${clockCte}, ${measured}, ${withTimes}
     , figures as (
       select grouping(x.team_id) as g_team, grouping(x.priority) as g_priority, x.team_id, x.priority,
         count(x.fr_s)::int as fr_count, percentile_cont(0.5) within group (order by x.fr_s) as fr_median,
         percentile_cont(0.9) within group (order by x.fr_s) as fr_p90,
         count(x.res_s)::int as res_count, percentile_cont(0.5) within group (order by x.res_s) as res_median,
         percentile_cont(0.9) within group (order by x.res_s) as res_p90
       from (select team_id, priority, fr_s, res_s from measured) x
       group by grouping sets ((x.team_id), (x.priority), ())
     )
     select f.*, tm.name as team from figures f left join teams tm on tm.id = f.team_id`,
    { ...rangeBindings(range), clock },
  );
  const overall = rows.find((r: ReportRow) => r.g_team && r.g_priority) ?? {};
  const teams = rows.filter((r: ReportRow) => !r.g_team);
  const priorities = rows.filter((r: ReportRow) => !r.g_priority);
  const breakdown = (prefix: 'fr' | 'res') => ({
    overall: overall[`${prefix}_count`]
      ? summary(overall, prefix)
      : { count: 0, medianSeconds: null, p90Seconds: null },
    byTeam: teams
      .filter((r: ReportRow) => r[`${prefix}_count`] > 0)
      .map((r: ReportRow) => ({ teamId: r.team_id, team: r.team, ...summary(r, prefix) }))
      .sort((a: { count: number }, b: { count: number }) => b.count - a.count),
    byPriority: priorities
      .filter((r: ReportRow) => r[`${prefix}_count`] > 0)
      .map((r: ReportRow) => ({ priority: r.priority, ...summary(r, prefix) })),
  });
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    firstResponse: breakdown('fr'),
    resolution: breakdown('res'),
  };
}

/** The CSV: one row per ticket, with both times in business seconds. */
export async function* responseTimesCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [
    [
      'ticket',
      'team',
      'priority',
      'channel',
      'created_at',
      'first_response_at',
      'first_response_business_seconds',
      'solved_at',
      'resolution_business_seconds',
    ],
  ];
  const clock = await businessClockJson(db, range.end);
  const sql = `/* report:response-times.csv */ with ${clockCte}, ${measured}, ${withTimes}
    select x.number, tm.name as team, x.priority, x.channel, ${isoText('x.created_at')} as created_at,
      ${isoText('x.fr_at')} as fr_at, round(x.fr_s::numeric, 3)::float8 as fr_s, ${isoText('x.sv_at')} as sv_at,
      round(x.res_s::numeric, 3)::float8 as res_s
    from measured x left join teams tm on tm.id = x.team_id order by x.id`;
  for await (const batch of streamRows<ReportRow>(db, sql, { ...rangeBindings(range), clock }))
    yield batch.map((r) => [r.number, r.team, r.priority, r.channel, r.created_at, r.fr_at, r.fr_s, r.sv_at, r.res_s]);
}
