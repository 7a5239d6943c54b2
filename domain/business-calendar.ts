import { z } from 'zod';
import { singleLineText } from './text-fields.js';
import { dayNumberOfIsoDate, isKnownTimeZone } from './zone-clock.js';

/** The days of the week, Monday first, as keys of a calendar's weekly hours. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A day of the week. */
export type Weekday = (typeof weekdays)[number];

/** Opening hours within one day as wall-clock `HH:MM` times; `end` may be `24:00`, and is excluded. */
export type TimeRange = [start: string, end: string];

/** Open ranges per weekday; a missing or empty day is closed. */
export type WeeklyHours = Partial<Record<Weekday, TimeRange[]>>;

/** A closed day, as a `YYYY-MM-DD` date in the calendar's time zone. */
export interface Holiday {
  date: string;
  name?: string;
}

/** When a support team works: the hours SLA targets count. A 24×7 calendar opens every day `[["00:00","24:00"]]`. */
export interface BusinessCalendar {
  timezone: string;
  weeklyHours: WeeklyHours;
  holidays: Holiday[];
}

/** Minutes after midnight of an `HH:MM` time (`24:00` is 1440), or null when malformed. */
export function clockMinutes(time: string): number | null {
  if (time === '24:00') return 1440;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** What is wrong with one day's ranges: a sentence per bad range, keyed by the range's index. */
export function findDayRangeProblems(ranges: readonly TimeRange[]): Map<number, string> {
  const problems = new Map<number, string>();
  let previous: { range: TimeRange; start: number; end: number } | undefined;
  ranges.forEach((range, index) => {
    const [start, end] = [clockMinutes(range[0]), clockMinutes(range[1])];
    if (start === null || end === null) return;
    if (start >= end) {
      problems.set(index, start > end ? `ends before it starts (${range[0]}–${range[1]}); split a night shift at midnight, e.g. ${range[0]}–24:00 and the next day's 00:00–${range[1]}` : `is empty (${range[0]}–${range[1]}); the end must come after the start`);
      return;
    }
    if (previous) {
      const earlier = `${previous.range[0]}–${previous.range[1]}`;
      if (start < previous.start) problems.set(index, `starts before ${earlier}; list a day's ranges in time order`);
      else if (start < previous.end) problems.set(index, `overlaps ${earlier}`);
    }
    previous = { range, start, end };
  });
  return problems;
}

const clockTime = z.string({ error: 'must be a time "HH:MM"' }).refine((s) => clockMinutes(s) !== null, 'must be a time "HH:MM" from 00:00 to 24:00');

const dayHours = z
  .array(z.tuple([clockTime, clockTime], { error: 'must be a pair of times, e.g. ["09:00", "17:00"]' }), { error: 'must be a list of time ranges' })
  .max(48, 'must have at most 48 ranges')
  .superRefine((ranges, ctx) => {
    for (const [index, message] of findDayRangeProblems(ranges)) ctx.addIssue({ code: 'custom', path: [index], message });
  });

const weeklyHours = z
  .strictObject(Object.fromEntries(weekdays.map((day) => [day, dayHours.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHours>>, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `uses unknown days; name days ${weekdays.join(', ')}` : 'must map days to time ranges'),
  })
  .refine((week) => weekdays.some((day) => (week[day]?.length ?? 0) > 0), 'must open at least one day of the week');

const holiday = z.strictObject({
  date: z.string({ error: 'must be a date "YYYY-MM-DD"' }).refine((s) => dayNumberOfIsoDate(s) !== null, 'must be a real date "YYYY-MM-DD"'),
  name: singleLineText(100).optional(),
});

/** A calendar as the back office edits it: a known time zone, ordered non-overlapping ranges, real holiday dates. */
export const businessCalendarSchema = z.strictObject({
  timezone: z.string({ error: 'must be a time zone name' }).refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC'),
  weeklyHours,
  holidays: z
    .array(holiday, { error: 'must be a list of holidays' })
    .max(2000, 'must have at most 2000 holidays')
    .superRefine((holidays, ctx) => {
      const seen = new Map<string, number>();
      holidays.forEach(({ date }, index) => {
        const first = seen.get(date);
        if (first === undefined) seen.set(date, index);
        else ctx.addIssue({ code: 'custom', path: [index, 'date'], message: `repeats ${date} (holidays.${first})` });
      });
    })
    .default([]),
});
