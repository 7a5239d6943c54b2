import type { Knex } from 'knex';
import type { BusinessCalendar } from '../../domain/business-calendar.js';
import { clockBucketSeconds, dailyBusinessClock, type BusinessClockBucket } from '../../domain/business-clock.js';

const inlinePieces = 4;

/**
 * A clock day as the query reads it: plain columns for up to four open pieces (reading scalar columns
 * is far cheaper than indexing arrays, and a day rarely has more), the arrays only beyond that.
 * `k`: 0 closed, 1 open, 2 up to four pieces, 3 more.
 */
function clockRow(d: BusinessClockBucket) {
  const pieces = d.s?.length ?? 0;
  const k = d.kind === 'c' ? 0 : d.kind === 'o' ? 1 : pieces <= inlinePieces ? 2 : 3;
  const inline = Object.fromEntries(
    Array.from({ length: inlinePieces }, (_, i) => [
      [`s${i + 1}`, k === 2 ? (d.s![i] ?? 0) : 0],
      [`e${i + 1}`, k === 2 ? (d.e![i] ?? 0) : 0],
    ]).flat(),
  );
  return { b: d.b, base: d.base, k, ...inline, s: k === 3 ? d.s : null, e: k === 3 ? d.e : null };
}

/**
 * The business clocks of every calendar an SLA policy uses, from the first ticket's day to `to`, as
 * JSON for the query's `clock` CTE (one row per calendar and UTC day, from domain/business-clock.ts):
 * the domain computes the days, the database reads them for every ticket with a hash join, which
 * costs far less than shipping each ticket to Node to be measured there.
 */
export async function businessClockJson(db: Knex, to: Date): Promise<string> {
  const [first, calendars] = await Promise.all([
    db('tickets').min({ at: 'created_at' }).first(),
    db('business_calendars as c')
      .whereIn('c.id', db('sla_policies').select('calendar_id'))
      .select('c.id', 'c.timezone', 'c.weekly_hours', 'c.holidays'),
  ]);
  if (!first?.at) return '[]';
  const from = (first.at as Date).getTime();
  return clockJsonOf(
    calendars.map((r) => {
      const calendar: BusinessCalendar = { timezone: r.timezone, weeklyHours: r.weekly_hours, holidays: r.holidays };
      return { id: r.id as number, days: dailyBusinessClock(calendar, from, to.getTime()) };
    }),
  );
}

/** The JSON the `clock` CTE reads, from each calendar's clock days. */
export function clockJsonOf(clocks: { id: number; days: BusinessClockBucket[] }[]): string {
  return JSON.stringify(clocks.flatMap(({ id, days }) => days.map((d) => ({ calendar_id: id, ...clockRow(d) }))));
}

/** The CTE that turns the clock JSON (bound as `:clock`) into rows. */
export const clockCte = `clock as (select * from json_to_recordset(:clock::json) as c(calendar_id int, b int, base float8, k int,
  ${Array.from({ length: inlinePieces }, (_, i) => `s${i + 1} float8, e${i + 1} float8`).join(', ')}, s float8[], e float8[]))`;

const size = `${clockBucketSeconds}.0`;

/**
 * The SQL reading of clock row `c` at epoch seconds `x` (domain/business-clock.ts's clockReading):
 * up to four open pieces are summed inline (an unused piece is 0–0 and adds nothing); a day with more
 * (a calendar of many short ranges) unnests them. Without a clock row (no policy, or no instant to read)
 * the reading is null.
 */
export function clockReadingSql(c: string, x: string): string {
  const into = `(${x} - ${c}.b * ${size})`;
  const piece = (i: number) => `greatest(0, least(${into}, ${c}.e${i}) - ${c}.s${i})`;
  return `(${c}.base + case ${c}.k when 1 then ${into} when 0 then 0
    when 2 then ${Array.from({ length: inlinePieces }, (_, i) => piece(i + 1)).join(' + ')}
    when 3 then (select sum(greatest(0, least(${into}, u.pe) - u.ps)) from unnest(${c}.s, ${c}.e) as u(ps, pe)) end)`;
}

/** The clock row of epoch seconds `x` on calendar `calendarId`, joined as `c`. */
export function joinClock(c: string, calendarId: string, x: string): string {
  return `left join clock ${c} on ${c}.calendar_id = ${calendarId} and ${c}.b = floor(${x} / ${size})::int`;
}
