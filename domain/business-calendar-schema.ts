import { z } from 'zod';
import { clockMinutes, findDayRangeProblems, weekdays, type Weekday } from './business-calendar.js';
import { singleLineText } from './text-fields.js';
import { dayNumberOfIsoDate, isKnownTimeZone } from './zone-clock.js';

// The back office's schema of a calendar, apart from the calendar's types and rules: the
// business-time math runs in workflow code's neighbourhood and in the portal without zod.

const clockTime = z
  .string({ error: 'must be a time "HH:MM"' })
  .refine((s) => clockMinutes(s) !== null, 'must be a time "HH:MM" from 00:00 to 24:00');

const dayHours = z
  .array(z.tuple([clockTime, clockTime], { error: 'must be a pair of times, e.g. ["09:00", "17:00"]' }), {
    error: 'must be a list of time ranges',
  })
  .max(48, 'must have at most 48 ranges')
  .superRefine((ranges, ctx) => {
    for (const [index, message] of findDayRangeProblems(ranges))
      ctx.addIssue({ code: 'custom', path: [index], message });
  });

const weeklyHours = z
  .strictObject(
    Object.fromEntries(weekdays.map((day) => [day, dayHours.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof dayHours>
    >,
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `uses unknown days; name days ${weekdays.join(', ')}`
          : 'must map days to time ranges',
    },
  )
  .refine((week) => weekdays.some((day) => (week[day]?.length ?? 0) > 0), 'must open at least one day of the week');

const holiday = z.strictObject({
  date: z
    .string({ error: 'must be a date "YYYY-MM-DD"' })
    .refine((s) => dayNumberOfIsoDate(s) !== null, 'must be a real date "YYYY-MM-DD"'),
  name: singleLineText(100).optional(),
});

/** A calendar as the back office edits it: a known time zone, ordered non-overlapping ranges, real holiday dates. */
export const businessCalendarSchema = z.strictObject({
  timezone: z
    .string({ error: 'must be a time zone name' })
    .refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC'),
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
