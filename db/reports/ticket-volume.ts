import type { Knex } from 'knex';
import { daysOf, type ReportRange } from '../../domain/report-range.js';
import type { TicketVolumeReport } from '../../domain/report-schemas.js';
import { inRange, inTeam, rangeBindings, solvesTicket, streamRows, type ReportRow } from './report-sql.js';

// Created and solved events of the range (each from its own index) with their ticket's current
// dimensions, counted per day, channel, team and priority: the breakdowns are sums over those counts.
const daily = `
  with ev as (
    select e.ticket_id, e.created_at, 1 as created, 0 as solved
    from ticket_events e where e.type = 'created' and ${inRange}
    union all
    select e.ticket_id, e.created_at, 0, 1
    from ticket_events e where ${solvesTicket} and ${inRange}
  ), daily as (
    select (ev.created_at at time zone :tz)::date as day, t.channel, t.team_id, t.priority,
           sum(ev.created)::int as created, sum(ev.solved)::int as solved
    from ev join tickets t on t.id = ev.ticket_id
    where ${inTeam}
    group by 1, 2, 3, 4
  )`;

/** Tickets created and solved in the range, by day, channel, team and priority (one grouping-sets pass). */
export async function readTicketVolume(db: Knex, range: ReportRange): Promise<TicketVolumeReport> {
  const sql = `/* report:ticket-volume */ ${daily}, figures as (
    select grouping(d.day) as g_day, grouping(d.channel) as g_channel, grouping(d.team_id) as g_team,
      grouping(d.priority) as g_priority, to_char(d.day, 'YYYY-MM-DD') as day, d.channel, d.team_id, d.priority,
      sum(d.created)::int as created, sum(d.solved)::int as solved
    from daily d
    group by grouping sets ((d.day), (d.channel), (d.team_id), (d.priority), ())
  )
  select f.*, tm.name as team from figures f left join teams tm on tm.id = f.team_id`;
  const { rows } = await db.raw(sql, rangeBindings(range));
  const level = (r: ReportRow) =>
    !r.g_day ? 'day' : !r.g_channel ? 'channel' : !r.g_team ? 'team' : !r.g_priority ? 'priority' : 'total';
  const at = (name: string) => rows.filter((r: ReportRow) => level(r) === name);
  const byDay = new Map<string, { created: number; solved: number }>(at('day').map((r: ReportRow) => [r.day, r]));
  const total = at('total')[0];
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    totals: { created: total?.created ?? 0, solved: total?.solved ?? 0 },
    byDay: daysOf(range).map((day) => ({
      day,
      created: byDay.get(day)?.created ?? 0,
      solved: byDay.get(day)?.solved ?? 0,
    })),
    byChannel: at('channel').map((r: ReportRow) => ({
      channel: r.channel,
      created: r.created,
      solved: r.solved,
    })),
    byTeam: at('team')
      .map((r: ReportRow) => ({ teamId: r.team_id, team: r.team, created: r.created, solved: r.solved }))
      .sort((a: { created: number }, b: { created: number }) => b.created - a.created),
    byPriority: at('priority').map((r: ReportRow) => ({
      priority: r.priority,
      created: r.created,
      solved: r.solved,
    })),
  };
}

/** The CSV of the report: one row per day, channel, team and priority that had any. */
export async function* ticketVolumeCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [['day', 'channel', 'team', 'priority', 'created', 'solved']];
  const sql = `/* report:ticket-volume.csv */ ${daily}
    select to_char(d.day, 'YYYY-MM-DD') as day, d.channel, tm.name as team, d.priority, d.created, d.solved
    from daily d left join teams tm on tm.id = d.team_id
    order by d.day, d.channel, tm.name nulls first, d.priority`;
  for await (const batch of streamRows<ReportRow>(db, sql, rangeBindings(range)))
    yield batch.map((r) => [r.day, r.channel, r.team, r.priority, r.created, r.solved]);
}
