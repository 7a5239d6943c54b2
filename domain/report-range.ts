import { z } from 'zod';
import { dayNumberOfIsoDate, firstInstantAtWallClock, isKnownTimeZone, msPerDay, wallClockMs } from './zone-clock.js';

/** The longest period one report covers: two years of days. */
export const maxReportDays = 731;

const isoDate = z
  .string({ error: 'must be a date "YYYY-MM-DD"' })
  .refine((s) => dayNumberOfIsoDate(s) !== null, 'must be a real date "YYYY-MM-DD"');

/** `GET /api/reports/<name>`: which days (inclusive, in `timezone`) and which team. */
export const reportQuery = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    teamId: z.coerce
      .number({ error: 'must be a team id' })
      .int('must be a team id')
      .positive('must be a team id')
      .max(2_147_483_647)
      .optional(),
    timezone: z
      .string()
      .refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC')
      .default('UTC'),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const days = dayNumberOfIsoDate(q.to)! - dayNumberOfIsoDate(q.from)!;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (days >= maxReportDays)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `must be at most ${maxReportDays} days before to` });
  });

/** What a report request asked for. */
export type ReportQuery = z.output<typeof reportQuery>;

/** The days a report covers, resolved: local days in a time zone, and the instants they start and end at. */
export interface ReportRange {
  from: string;
  to: string;
  timezone: string;
  teamId: number | null;
  /** The first instant of `from` in the time zone. */
  start: Date;
  /** The first instant after `to` in the time zone. */
  end: Date;
}

const isoDay = (dayNumber: number) => new Date(dayNumber * msPerDay).toISOString().slice(0, 10);

/** Resolves a report query: by default the 30 days up to today (in the query's time zone). */
export function resolveReportRange(query: ReportQuery, now: Date): ReportRange {
  const today = Math.floor(wallClockMs(query.timezone, now.getTime()) / msPerDay);
  const to = query.to ?? isoDay(query.from ? Math.min(today, dayNumberOfIsoDate(query.from)! + 29) : today);
  const from = query.from ?? isoDay(dayNumberOfIsoDate(to)! - 29);
  const instantOf = (day: number) => new Date(firstInstantAtWallClock(query.timezone, day * msPerDay));
  return {
    from,
    to,
    timezone: query.timezone,
    teamId: query.teamId ?? null,
    start: instantOf(dayNumberOfIsoDate(from)!),
    end: instantOf(dayNumberOfIsoDate(to)! + 1),
  };
}

/** Every day of the range, as "YYYY-MM-DD". */
export function daysOf(range: Pick<ReportRange, 'from' | 'to'>): string[] {
  const days: string[] = [];
  for (let d = dayNumberOfIsoDate(range.from)!; d <= dayNumberOfIsoDate(range.to)!; d++) days.push(isoDay(d));
  return days;
}
