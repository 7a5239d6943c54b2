import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';
import type { CsatReport } from '../../domain/report-schemas.js';
import { inTeam, isoText, rangeBindings, rateOf, streamRows, type ReportRow } from './report-sql.js';

// Ratings given (or last changed) in the range, with the ticket's agent and team.
const ratings = `
  select r.score, r.comment, r.updated_at as rated_at, t.number, t.assignee_id, u.name as agent, t.team_id, tm.name as team
  from satisfaction_ratings r join tickets t on t.id = r.ticket_id
  left join users u on u.id = t.assignee_id left join teams tm on tm.id = t.team_id
  where r.updated_at >= :start and r.updated_at < :end and ${inTeam}`;

const figures = (r: ReportRow) => ({
  count: r.count,
  average: r.count === 0 ? null : Number(r.average),
  satisfiedRate: rateOf(r.satisfied, r.count),
});

/** Satisfaction: score distribution, average and share of 4–5 scores, by agent and team, and the latest comments. */
export async function readCsat(db: Knex, range: ReportRange): Promise<CsatReport> {
  const bindings = rangeBindings(range);
  const grouped = `/* report:csat */ with rated as (${ratings})
    select grouping(score) as g_score, grouping(assignee_id) as g_agent, grouping(team_id) as g_team,
      score, assignee_id, min(agent) as agent, team_id, min(team) as team, count(*)::int as count,
      avg(score)::float8 as average, count(*) filter (where score >= 4)::int as satisfied
    from rated group by grouping sets ((score), (assignee_id), (team_id), ())`;
  const comments = `/* report:csat comments */ ${ratings} and coalesce(r.comment, '') <> '' order by r.updated_at desc limit 50`;
  const [{ rows }, { rows: latest }] = await Promise.all([db.raw(grouped, bindings), db.raw(comments, bindings)]);
  const level = (r: ReportRow) => (!r.g_score ? 'score' : !r.g_agent ? 'agent' : !r.g_team ? 'team' : 'total');
  const at = (name: string) => rows.filter((r: ReportRow) => level(r) === name);
  const byScore = new Map<number, number>(at('score').map((r: ReportRow) => [r.score, r.count]));
  const total = at('total')[0] ?? { count: 0, average: null, satisfied: 0 };
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    ...figures(total),
    distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: byScore.get(score) ?? 0 })),
    byAgent: at('agent').map((r: ReportRow) => ({ agentId: r.assignee_id, agent: r.agent, ...figures(r) })),
    byTeam: at('team').map((r: ReportRow) => ({ teamId: r.team_id, team: r.team, ...figures(r) })),
    comments: latest.map((r: ReportRow) => ({
      ticketNumber: r.number,
      score: r.score,
      comment: r.comment,
      agent: r.agent,
      ratedAt: r.rated_at.toISOString(),
    })),
  };
}

/** The CSV: every rating in the range. */
export async function* csatCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [['ticket', 'score', 'comment', 'agent', 'team', 'rated_at']];
  const sql = `/* report:csat.csv */ select x.number, x.score, x.comment, x.agent, x.team, ${isoText('x.rated_at')} as rated_at
    from (${ratings}) x order by x.rated_at, x.number`;
  for await (const batch of streamRows<ReportRow>(db, sql, rangeBindings(range)))
    yield batch.map((r) => [r.number, r.score, r.comment, r.agent, r.team, r.rated_at]);
}
