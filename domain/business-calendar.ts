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
      problems.set(
        index,
        start > end
          ? `ends before it starts (${range[0]}–${range[1]}); split a night shift at midnight, e.g. ${range[0]}–24:00 and the next day's 00:00–${range[1]}`
          : `is empty (${range[0]}–${range[1]}); the end must come after the start`,
      );
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
