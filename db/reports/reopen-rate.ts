import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';
import type { ReopenRateReport } from '../../domain/report-schemas.js';
import {
  inRange,
  inTeam,
  isoText,
  rangeBindings,
  rateOf,
  reopensTicket,
  solvesTicket,
  streamRows,
  type ReportRow,
} from './report-sql.js';

// Tickets solved in the range, and whether they were reopened (moved from resolved back to work) at
// any time after their first solve in the range.
const solvedTickets = `
  with solves as (
    select e.ticket_id, min(e.created_at) as solved_at from ticket_events e
    where ${solvesTicket} and ${inRange}
    group by e.ticket_id
  ), reopens as (
    select s.ticket_id, min(e.created_at) as reopened_at
    from solves s join ticket_events e on e.ticket_id = s.ticket_id and e.created_at > s.solved_at
    where ${reopensTicket}
    group by s.ticket_id
  )`;

/** The share of tickets solved in the range that were reopened, overall and by team. */
export async function readReopenRate(db: Knex, range: ReportRange): Promise<ReopenRateReport> {
  const sql = `/* report:reopen-rate */ ${solvedTickets}
    select grouping(t.team_id) as g_team, t.team_id, min(tm.name) as team, count(*)::int as solved,
           count(r.ticket_id)::int as reopened
    from solves s join tickets t on t.id = s.ticket_id left join reopens r on r.ticket_id = s.ticket_id
    left join teams tm on tm.id = t.team_id
    where ${inTeam}
    group by grouping sets ((t.team_id), ())`;
  const { rows } = await db.raw(sql, rangeBindings(range));
  const total = rows.find((r: ReportRow) => r.g_team) ?? { solved: 0, reopened: 0 };
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    solved: total.solved,
    reopened: total.reopened,
    rate: rateOf(total.reopened, total.solved),
    byTeam: rows
      .filter((r: ReportRow) => !r.g_team)
      .map((r: ReportRow) => ({
        teamId: r.team_id,
        team: r.team,
        solved: r.solved,
        reopened: r.reopened,
        rate: rateOf(r.reopened, r.solved),
      })),
  };
}

/** The CSV: one row per ticket solved in the range, with when it was reopened, if it was. */
export async function* reopenRateCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [['ticket', 'team', 'solved_at', 'reopened_at']];
  const sql = `/* report:reopen-rate.csv */ ${solvedTickets}
    select t.number, tm.name as team, ${isoText('s.solved_at')} as solved_at, ${isoText('r.reopened_at')} as reopened_at
    from solves s join tickets t on t.id = s.ticket_id left join reopens r on r.ticket_id = s.ticket_id
    left join teams tm on tm.id = t.team_id
    where ${inTeam}
    order by s.solved_at, t.id`;
  for await (const batch of streamRows<ReportRow>(db, sql, rangeBindings(range)))
    yield batch.map((r) => [r.number, r.team, r.solved_at, r.reopened_at]);
}
