import { type BusinessCalendar, clockMinutes, findDayRangeProblems, weekdays } from './business-calendar.js';
import {
  dayNumberOfIsoDate,
  firstInstantAtWallClock,
  isKnownTimeZone,
  msPerDay,
  wallClockMs,
  weekdayIndex,
  zoneOffsetMs,
} from './zone-clock.js';

// A moment is business time when the furthest the zone's clock has read so far falls in an open
// range of that reading's date. So each range of each day is one real interval, from the first
// instant the clock reads its start to the first instant it reads its end (firstInstantAtWallClock):
// a range loses the hour a spring-forward skips, keeps both runs of the hour a fall-back repeats,
// and every sum below is real elapsed time. Days are stepped one at a time, never minutes.

interface CompiledCalendar {
  timeZone: string;
  /** Open ranges per Monday-based weekday, in minutes after midnight. */
  week: [number, number][][];
  holidays: Set<number>;
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const bad = (what: string) =>
    new RangeError(`Invalid business calendar: ${what}. Validate it with businessCalendarSchema.`);
  if (!isKnownTimeZone(calendar.timezone)) throw bad(`timezone "${calendar.timezone}" is not a known IANA time zone`);
  const week = weekdays.map((day) => {
    const ranges = calendar.weeklyHours[day] ?? [];
    for (const [index, problem] of findDayRangeProblems(ranges)) throw bad(`weeklyHours.${day}.${index} ${problem}`);
    return ranges.map(([start, end], index): [number, number] => {
      const [from, to] = [clockMinutes(start), clockMinutes(end)];
      if (from === null || to === null) throw bad(`weeklyHours.${day}.${index} is not a pair of "HH:MM" times`);
      return [from, to];
    });
  });
  if (week.every((ranges) => ranges.length === 0)) throw bad('weeklyHours opens on no day');
  const holidays = new Set(
    calendar.holidays.map(({ date }) => {
      const day = dayNumberOfIsoDate(date);
      if (day === null) throw bad(`holiday "${date}" is not a real YYYY-MM-DD date`);
      return day;
    }),
  );
  return { timeZone: calendar.timezone, week, holidays };
}

/** The real intervals [start, end) of one local day's open ranges, in order; none on a holiday. */
function dayIntervals(calendar: CompiledCalendar, day: number): [number, number][] {
  if (calendar.holidays.has(day)) return [];
  const ranges = calendar.week[weekdayIndex(day)] ?? [];
  if (ranges.length === 0) return [];
  // A day's ranges map to instants within [midnight − 14 h, next midnight + 12 h]; when the offset is
  // the same three days apart no change lies between (none reverts within days), so one offset fits all.
  const offset = offsetSample(calendar, day) === offsetSample(calendar, day + 3) ? offsetSample(calendar, day) : null;
  const instantAt = (minutes: number) => {
    const wall = day * msPerDay + minutes * 60_000;
    return offset === null ? firstInstantAtWallClock(calendar.timeZone, wall) : wall - offset;
  };
  const intervals: [number, number][] = [];
  for (const [start, end] of ranges) {
    const [from, to] = [instantAt(start), instantAt(end)];
    if (from < to) intervals.push([from, to]);
  }
  return intervals;
}

// Reading an offset through Intl is the costly step, and deadlines of many tickets revisit the same
// days, so the samples are kept across calls (a pure cache: the same zone and day give the same offset).
const offsetSamples = new Map<string, number>();

/** The zone's offset 15 h before a local day's midnight. */
function offsetSample(calendar: CompiledCalendar, day: number): number {
  const key = `${calendar.timeZone} ${day}`;
  let offset = offsetSamples.get(key);
  if (offset === undefined) {
    if (offsetSamples.size >= 20_000) offsetSamples.clear();
    offset = zoneOffsetMs(calendar.timeZone, day * msPerDay - 15 * 3_600_000);
    offsetSamples.set(key, offset);
  }
  return offset;
}

/** Open intervals from `fromMs` on, in order, the first clipped to start at `fromMs`; endless. */
function* openIntervalsFrom(calendar: CompiledCalendar, fromMs: number): Generator<[number, number], never> {
  // Earlier days' intervals end by the first instant the clock read today's 00:00, at or before fromMs.
  let day = Math.floor(wallClockMs(calendar.timeZone, fromMs) / msPerDay);
  // Every week has an open day unless a holiday (or, twice a year at most, a DST jump) takes it, so
  // a longer closed run means a bug, not a calendar: fail instead of looping forever.
  const longestClosedRun = 7 * (calendar.holidays.size + 3);
  for (let closedRun = 0; ; day += 1) {
    closedRun += 1;
    for (const [start, end] of dayIntervals(calendar, day)) {
      if (end <= fromMs) continue;
      closedRun = 0;
      yield [Math.max(start, fromMs), end];
    }
    if (closedRun > longestClosedRun) throw new RangeError('Invalid business calendar: it never opens again.');
  }
}

function instant(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/** The instant at which `seconds` of business time have elapsed from `start` (start itself when seconds is 0). */
export function addBusinessSeconds(calendar: BusinessCalendar, start: Date, seconds: number): Date {
  const from = instant(start, 'start');
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`seconds must be a finite number of at least 0 (got ${seconds})`);
  // Date has millisecond resolution; rounding keeps a round trip through businessSecondsBetween within 0.5 ms.
  let remaining = Math.round(seconds * 1000);
  if (remaining === 0) return new Date(from);
  const intervals = openIntervalsFrom(compile(calendar), from);
  for (;;) {
    const [open, close] = intervals.next().value;
    // `<=`: a deadline that uses up a range exactly falls on its end, not on the next range's start.
    if (remaining <= close - open) return new Date(open + remaining);
    remaining -= close - open;
  }
}

/** Business seconds in [from, to); 0 when to <= from. */
export function businessSecondsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const [fromMs, toMs] = [instant(from, 'from'), instant(to, 'to')];
  const compiled = compile(calendar);
  if (toMs <= fromMs) return 0;
  let totalMs = 0;
  for (const [open, close] of openIntervalsFrom(compiled, fromMs)) {
    if (open >= toMs) break;
    totalMs += Math.min(close, toMs) - open;
  }
  return totalMs / 1000;
}

/** True when `at` falls inside open hours (not a holiday). */
export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  const atMs = instant(at, 'at');
  const compiled = compile(calendar);
  const day = Math.floor(wallClockMs(compiled.timeZone, atMs) / msPerDay);
  // After a fall-back across midnight the clock can read the previous day while the next day's ranges are open.
  return [day, day + 1].some((d) => dayIntervals(compiled, d).some(([open, close]) => open <= atMs && atMs < close));
}

/** The open intervals [start, end) in epoch milliseconds within [fromMs, toMs), clipped to it, in order. */
export function openIntervalsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): [number, number][] {
  const intervals: [number, number][] = [];
  if (!(toMs > fromMs)) return intervals;
  for (const [open, close] of openIntervalsFrom(compile(calendar), fromMs)) {
    if (open >= toMs) break;
    intervals.push([open, Math.min(close, toMs)]);
  }
  return intervals;
}
