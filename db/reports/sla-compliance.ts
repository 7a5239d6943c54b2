import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';
import type { SlaComplianceReport } from '../../domain/report-schemas.js';
import {
  breachesFirstResponse,
  breachesResolution,
  inTeam,
  isoText,
  rangeBindings,
  rateOf,
  solvesTicket,
  streamRows,
  type ReportRow,
} from './report-sql.js';

// Each SLA target of a ticket is decided once: met when the first response (or the first solve) comes
// before any breach of that target, breached when the breach comes first; it counts in the range its
// decision falls in. The first of each kind per ticket comes from that kind's own index.
const firstOf = (where: string) =>
  `select e.ticket_id, min(e.created_at) as at from ticket_events e where ${where} and e.created_at < :end group by e.ticket_id`;
const decisions = `
  with fm as (${firstOf("e.type = 'first_response_met'")}),
  fb as (${firstOf(breachesFirstResponse)}),
  rm as (${firstOf(solvesTicket)}),
  rb as (${firstOf(breachesResolution)}),
  outcomes as (
    select t.id, t.number, t.sla_policy_id, t.team_id, t.assignee_id,
      least(fm.at, fb.at) as fr_at, fb.at is not null and (fm.at is null or fb.at <= fm.at) as fr_was_breached,
      least(rm.at, rb.at) as res_at, rb.at is not null and (rm.at is null or rb.at <= rm.at) as res_was_breached
    from tickets t
    left join fm on fm.ticket_id = t.id left join fb on fb.ticket_id = t.id
    left join rm on rm.ticket_id = t.id left join rb on rb.ticket_id = t.id
    where t.sla_policy_id is not null and ${inTeam}
  ), counted as (
    select o.*, coalesce(o.fr_at >= :start, false) as fr_in, coalesce(o.res_at >= :start, false) as res_in
    from outcomes o
  )`;

const counts = `
  count(*) filter (where fr_in and not fr_was_breached)::int as fr_met,
  count(*) filter (where fr_in and fr_was_breached)::int as fr_breached,
  count(*) filter (where res_in and not res_was_breached)::int as res_met,
  count(*) filter (where res_in and res_was_breached)::int as res_breached`;

const targetsOf = (r: ReportRow) => ({
  firstResponse: { met: r.fr_met, breached: r.fr_breached, rate: rateOf(r.fr_met, r.fr_met + r.fr_breached) },
  resolution: { met: r.res_met, breached: r.res_breached, rate: rateOf(r.res_met, r.res_met + r.res_breached) },
});

/** SLA targets met and breached, by policy, team and agent (assignee). */
export async function readSlaCompliance(db: Knex, range: ReportRange): Promise<SlaComplianceReport> {
  const sql = `/* report:sla-compliance */ ${decisions}
    select grouping(c.sla_policy_id) as g_policy, grouping(c.team_id) as g_team, grouping(c.assignee_id) as g_agent,
      c.sla_policy_id, min(p.name) as policy, c.team_id, min(tm.name) as team, c.assignee_id, min(u.name) as agent,
      ${counts}
    from counted c
    left join sla_policies p on p.id = c.sla_policy_id
    left join teams tm on tm.id = c.team_id
    left join users u on u.id = c.assignee_id
    where c.fr_in or c.res_in
    group by grouping sets ((c.sla_policy_id), (c.team_id), (c.assignee_id), ())`;
  const { rows } = await db.raw(sql, rangeBindings(range));
  const level = (r: ReportRow) => (!r.g_policy ? 'policy' : !r.g_team ? 'team' : !r.g_agent ? 'agent' : 'total');
  const at = (name: string) => rows.filter((r: ReportRow) => level(r) === name);
  const total = at('total')[0] ?? { fr_met: 0, fr_breached: 0, res_met: 0, res_breached: 0 };
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    overall: targetsOf(total),
    byPolicy: at('policy').map((r: ReportRow) => ({
      policyId: r.sla_policy_id,
      policy: r.policy,
      ...targetsOf(r),
    })),
    byTeam: at('team').map((r: ReportRow) => ({ teamId: r.team_id, team: r.team, ...targetsOf(r) })),
    byAgent: at('agent').map((r: ReportRow) => ({
      agentId: r.assignee_id,
      agent: r.agent,
      ...targetsOf(r),
    })),
  };
}

/** The CSV: one row per ticket with a target decided in the range. */
export async function* slaComplianceCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [
    [
      'ticket',
      'policy',
      'team',
      'agent',
      'first_response',
      'first_response_decided_at',
      'resolution',
      'resolution_decided_at',
    ],
  ];
  const sql = `/* report:sla-compliance.csv */ ${decisions}
    select c.number, p.name as policy, tm.name as team, u.name as agent,
      case when c.fr_in then case when c.fr_was_breached then 'breached' else 'met' end end as first_response,
      case when c.fr_in then ${isoText('c.fr_at')} end as fr_at,
      case when c.res_in then case when c.res_was_breached then 'breached' else 'met' end end as resolution,
      case when c.res_in then ${isoText('c.res_at')} end as res_at
    from counted c
    left join sla_policies p on p.id = c.sla_policy_id
    left join teams tm on tm.id = c.team_id
    left join users u on u.id = c.assignee_id
    where c.fr_in or c.res_in
    order by c.id`;
  for await (const batch of streamRows<ReportRow>(db, sql, rangeBindings(range)))
    yield batch.map((r) => [r.number, r.policy, r.team, r.agent, r.first_response, r.fr_at, r.resolution, r.res_at]);
}
