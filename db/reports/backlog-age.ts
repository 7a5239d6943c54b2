import type { Knex } from 'knex';
import { quantile } from '../../domain/percentiles.js';
import type { ReportRange } from '../../domain/report-range.js';
import { backlogAgeBuckets, type BacklogAgeReport } from '../../domain/report-schemas.js';
import { closesTicket, inTeam, reopensTicket, streamRows } from './report-sql.js';

const dayS = 86_400;
const bucketOf = (ageSeconds: number): (typeof backlogAgeBuckets)[number] =>
  ageSeconds < dayS
    ? 'under 1 day'
    : ageSeconds < 3 * dayS
      ? '1–3 days'
      : ageSeconds < 7 * dayS
        ? '3–7 days'
        : ageSeconds < 30 * dayS
          ? '7–30 days'
          : 'over 30 days';

// Open at a moment, as the audit trail had it then: created before it, and not taken out of the backlog
// (resolved or closed) since its last reopening. Each ticket's last closing and reopening come from
// their own indexes; only the open ones are then looked up for their status at that moment.
const openAt = (tag: string) => `/* report:${tag} */
  with closed as (
    select e.ticket_id, max(e.created_at) as at from ticket_events e
    where ${closesTicket} and e.created_at < :asOf group by e.ticket_id
  ), reopened as (
    select e.ticket_id, max(e.created_at) as at from ticket_events e
    where ${reopensTicket} and e.created_at < :asOf group by e.ticket_id
  ), open as (
    select t.id, t.number, t.team_id, t.priority, t.created_at from tickets t
    left join closed c on c.ticket_id = t.id left join reopened r on r.ticket_id = t.id
    where t.created_at < :asOf and (c.at is null or r.at > c.at) and ${inTeam}
  )
  select o.number, s.status, o.team_id, tm.name as team, o.priority, o.created_at,
         extract(epoch from (:asOf::timestamptz - o.created_at))::float8 as age_seconds
  from open o
  cross join lateral (
    select e.after->>'status' as status from ticket_events e
    where e.ticket_id = o.id and e.created_at < :asOf and e.type in ('created', 'status_changed', 'reopened_by_reply', 'auto_closed')
      and e.after->>'status' is not null
    order by e.id desc limit 1
  ) s
  left join teams tm on tm.id = o.team_id
  order by o.created_at`;

/** The moment the backlog is taken at: the end of the range, or now if that is still to come. */
function asOfOf(range: ReportRange, now: Date): Date {
  return range.end.getTime() < now.getTime() ? range.end : now;
}

interface OpenTicket {
  number: string;
  status: BacklogAgeReport['byStatus'][number]['status'];
  team_id: number | null;
  team: string | null;
  priority: BacklogAgeReport['byPriority'][number]['priority'];
  created_at: Date;
  age_seconds: number;
}

/** Open tickets at the end of the range and how long they had been open, in buckets, by status, team and priority. */
export async function readBacklogAge(db: Knex, range: ReportRange, now = new Date()): Promise<BacklogAgeReport> {
  const asOf = asOfOf(range, now);
  const ages: number[] = [];
  const buckets = new Map(backlogAgeBuckets.map((b) => [b, 0]));
  const statuses = new Map<OpenTicket['status'], number>();
  const priorities = new Map<OpenTicket['priority'], number>();
  const teams = new Map<number | null, { team: string | null; ages: number[] }>();
  for await (const batch of streamRows<OpenTicket>(db, openAt('backlog-age'), { asOf, teamId: range.teamId }))
    for (const t of batch) {
      ages.push(t.age_seconds);
      buckets.set(bucketOf(t.age_seconds), (buckets.get(bucketOf(t.age_seconds)) ?? 0) + 1);
      statuses.set(t.status, (statuses.get(t.status) ?? 0) + 1);
      priorities.set(t.priority, (priorities.get(t.priority) ?? 0) + 1);
      const team = teams.get(t.team_id) ?? { team: t.team, ages: [] };
      team.ages.push(t.age_seconds);
      teams.set(t.team_id, team);
    }
  const median = (values: number[]) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    asOf: asOf.toISOString(),
    total: ages.length,
    medianAgeSeconds: median(ages),
    buckets: [...buckets].map(([bucket, count]) => ({ bucket, count })),
    byStatus: [...statuses].map(([status, count]) => ({ status, count })),
    byTeam: [...teams]
      .map(([teamId, t]) => ({ teamId, team: t.team, count: t.ages.length, medianAgeSeconds: median(t.ages) }))
      .sort((a, b) => b.count - a.count),
    byPriority: [...priorities].map(([priority, count]) => ({ priority, count })),
  };
}

/** The CSV: every ticket open at the end of the range, oldest first. */
export async function* backlogAgeCsv(db: Knex, range: ReportRange, now = new Date()): AsyncIterable<unknown[][]> {
  yield [['ticket', 'status', 'team', 'priority', 'created_at', 'age_seconds']];
  const bindings = { asOf: asOfOf(range, now), teamId: range.teamId };
  for await (const batch of streamRows<OpenTicket>(db, openAt('backlog-age.csv'), bindings))
    yield batch.map((t) => [
      t.number,
      t.status,
      t.team,
      t.priority,
      t.created_at.toISOString(),
      Math.round(t.age_seconds),
    ]);
}
