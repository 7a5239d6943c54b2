import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, type TimeRange, clockMinutes, weekdays } from './business-calendar.js';
import { businessCalendarSchema } from './business-calendar-schema.js';
import { addBusinessSeconds, businessSecondsBetween } from './business-time.js';
import { zoneOffsetMs } from './zone-clock.js';

// Zones with DST at 02:00 (Berlin, New York), at midnight (Santiago, Havana), by 30 minutes
// (Lord Howe), at +12:45 (Chatham), and none at a half-hour offset (Kolkata).
const zones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
];
const first = Date.UTC(2024, 0, 1);
const last = Date.UTC(2029, 0, 1);
const day = 86_400_000;

// Days (UTC midnights) on which each zone changes its offset, so that starts land near DST changes often.
const changeDaysOf = new Map(
  zones.map((zone) => {
    const days: number[] = [];
    for (let t = first; t < last; t += day) if (zoneOffsetMs(zone, t) !== zoneOffsetMs(zone, t + day)) days.push(t);
    return [zone, days];
  }),
);
const changeDays = [...changeDaysOf.values()].flat();

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
// Boundaries in and around the zones' skipped and repeated hours and midnight come up often; any minute can.
const boundary = fc.oneof(
  fc.constantFrom(0, 30, 60, 90, 120, 135, 150, 165, 180, 225, 1380, 1440),
  fc.integer({ min: 0, max: 1440 }),
);
const dayRanges = fc
  .uniqueArray(boundary, { maxLength: 6 })
  .map((points) => points.sort((a, b) => a - b).slice(0, points.length - (points.length % 2)))
  .map((points) => points.flatMap((p, i): TimeRange[] => (i % 2 === 0 ? [[clock(p), clock(points[i + 1]!)]] : [])));
const isoDate = fc
  .integer({ min: first / day, max: last / day })
  .map((d) => new Date(d * day).toISOString().slice(0, 10));

const calendars: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timezone: fc.constantFrom(...zones),
    weeklyHours: fc.oneof(
      fc.record(
        Object.fromEntries(weekdays.map((d) => [d, dayRanges])) as Record<(typeof weekdays)[number], typeof dayRanges>,
        { requiredKeys: [] },
      ),
      // The same hours every day, so the day a DST change falls on always has some.
      dayRanges.map((ranges) => Object.fromEntries(weekdays.map((d) => [d, ranges]))),
      fc.constant(Object.fromEntries(weekdays.map((d): [string, TimeRange[]] => [d, [['00:00', '24:00']]]))),
    ),
    holidays: fc.uniqueArray(isoDate, { maxLength: 12 }).map((dates) => dates.map((date) => ({ date }))),
  })
  .filter((c) => Object.values(c.weeklyHours).some((ranges) => ranges.length > 0))
  // Every generated calendar must also be one the back office accepts.
  .map((c) => businessCalendarSchema.parse(c));

const starts = fc.oneof(
  fc.date({ min: new Date(first), max: new Date(last - 1), noInvalidDate: true }),
  fc
    .tuple(fc.constantFrom(...changeDays), fc.integer({ min: -2 * day, max: 2 * day }))
    .map(([d, offset]) => new Date(d + offset)),
);

const weeklyOpenSeconds = (c: BusinessCalendar) =>
  Object.values(c.weeklyHours).reduce(
    (sum, ranges) => sum + ranges.reduce((s, [a, b]) => s + (clockMinutes(b)! - clockMinutes(a)!) * 60, 0),
    0,
  );

// Short durations, and up to eight weeks of the calendar's open time, in whole milliseconds.
const durationFor = (c: BusinessCalendar) =>
  fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 3_600_000 }).map((ms) => ms / 1000),
    fc.integer({ min: 0, max: 8000 }).map((k) => Math.round((k / 1000) * weeklyOpenSeconds(c) * 1000) / 1000),
  );

const cases = calendars.chain((calendar) =>
  fc.record({
    calendar: fc.constant(calendar),
    start: starts,
    seconds: durationFor(calendar),
    other: durationFor(calendar),
  }),
);
const runs = { numRuns: 200 };

describe('business time, for any calendar, start and duration', () => {
  it('round-trips: the business time from a start to its deadline is the duration added', () => {
    fc.assert(
      fc.property(cases, ({ calendar, start, seconds }) => {
        const due = addBusinessSeconds(calendar, start, seconds);
        expect(Math.abs(businessSecondsBetween(calendar, start, due) - seconds)).toBeLessThanOrEqual(0.001);
      }),
      runs,
    );
  });

  it('is monotonic: more business seconds never give an earlier deadline', () => {
    fc.assert(
      fc.property(cases, ({ calendar, start, seconds, other }) => {
        const [less, more] = seconds <= other ? [seconds, other] : [other, seconds];
        expect(addBusinessSeconds(calendar, start, more).getTime()).toBeGreaterThanOrEqual(
          addBusinessSeconds(calendar, start, less).getTime(),
        );
      }),
      runs,
    );
  });

  it('never brings a deadline earlier by pausing the clock and resuming it', () => {
    const pauses = fc.record({
      untilPause: fc.integer({ min: 0, max: 20 * day }),
      pausedFor: fc.integer({ min: 1, max: 20 * day }),
    });
    fc.assert(
      fc.property(cases, pauses, ({ calendar, start, seconds }, { untilPause, pausedFor }) => {
        const due = addBusinessSeconds(calendar, start, seconds);
        const pausedAt = new Date(start.getTime() + untilPause);
        const resumedAt = new Date(pausedAt.getTime() + pausedFor);
        const left = Math.max(0, seconds - businessSecondsBetween(calendar, start, pausedAt));
        expect(addBusinessSeconds(calendar, resumedAt, left).getTime()).toBeGreaterThanOrEqual(due.getTime());
      }),
      runs,
    );
  });

  it('agrees with a minute-by-minute count of the moments whose clock high-water mark lies in open hours', () => {
    // The reference model of the semantics: a moment is business time when the furthest the zone's
    // clock has read so far falls in an open range of that reading's date. Every minute of a window
    // around a DST change of the calendar's own zone is checked.
    const windows = calendars.chain((calendar) => {
      const days = changeDaysOf.get(calendar.timezone) ?? [];
      const anchor =
        days.length > 0
          ? fc.constantFrom(...days)
          : fc.integer({ min: first / day, max: last / day - 1 }).map((d) => d * day);
      return fc.record({
        calendar: fc.constant(calendar),
        from: fc.tuple(anchor, fc.integer({ min: -720, max: 0 })).map(([d, m]) => d + m * 60_000),
      });
    });
    const reading = (calendar: BusinessCalendar, holidays: Set<number>, wall: number) => {
      const date = Math.floor(wall / day);
      if (holidays.has(date)) return false;
      const minute = (wall - date * day) / 60_000;
      const ranges = calendar.weeklyHours[weekdays[(((date + 3) % 7) + 7) % 7]!] ?? [];
      return ranges.some(([start, end]) => clockMinutes(start)! <= minute && minute < clockMinutes(end)!);
    };
    fc.assert(
      fc.property(windows, ({ calendar, from }) => {
        const to = from + 1.5 * day;
        const holidays = new Set(calendar.holidays.map((h) => Date.parse(h.date) / day));
        const hourly = new Map<number, number>();
        const hourOffset = (h: number) => hourly.get(h) ?? hourly.set(h, zoneOffsetMs(calendar.timezone, h)).get(h)!;
        const offsetAt = (t: number) => {
          const h = t - (t % 3_600_000);
          return hourOffset(h) === hourOffset(h + 3_600_000) ? hourOffset(h) : zoneOffsetMs(calendar.timezone, t);
        };
        let highWater = -Infinity;
        let openMinutes = 0;
        // Offsets and range boundaries are whole minutes, so each minute is wholly open or closed;
        // two hours before the window are enough for the high-water mark to pass any fall-back.
        for (let t = from - 2 * 3_600_000; t < to; t += 60_000) {
          highWater = Math.max(highWater, t + offsetAt(t));
          if (t >= from && reading(calendar, holidays, highWater)) openMinutes += 1;
        }
        expect(businessSecondsBetween(calendar, new Date(from), new Date(to))).toBe(openMinutes * 60);
      }),
      { numRuns: 50 },
    );
  });
});
