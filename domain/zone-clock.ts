/** Milliseconds in a calendar day of the wall clock (DST days still number 24 wall-clock hours). */
export const msPerDay = 86_400_000;

const hourMs = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23: some locales print midnight as 24:00, which would put the reading on the wrong day.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `name` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`); offsets like `+01:00` are refused. */
export function isKnownTimeZone(name: string): boolean {
  // Newer runtimes accept bare offsets, which have no DST rules and would differ between browser and server.
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12); H. Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The day number of a `YYYY-MM-DD` date, or null when it is malformed or not a real date (2026-02-30). */
export function dayNumberOfIsoDate(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const days = daysFromCivil(year, month, day);
  // A day past the month's end would roll into the next month; such a date does not exist.
  const nextMonth = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return days < nextMonth ? days : null;
}

/** Monday-based weekday index (0 = Monday … 6 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** The zone's offset from UTC at an instant, in ms (wall clock minus UTC; +3_600_000 for Berlin in winter). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) fields[part.type] = Number(part.value);
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
  const wall = daysFromCivil(year, month, day) * msPerDay + ((hour * 60 + minute) * 60 + second) * 1000;
  const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wall - wholeSecond;
}

/** What the zone's clock reads at an instant, as ms since 1970-01-01T00:00 on that clock. */
export function wallClockMs(timeZone: string, instantMs: number): number {
  return instantMs + zoneOffsetMs(timeZone, instantMs);
}

/**
 * The first instant at which the zone's clock reads `wallMs` or later. A time skipped by a
 * spring-forward maps to the moment of the jump; a time repeated by a fall-back maps to its first
 * occurrence. The mapping never decreases, so ordered wall-clock ranges stay ordered and disjoint.
 */
export function firstInstantAtWallClock(timeZone: string, wallMs: number): number {
  // Offsets lie within −12 h … +14 h, so the instant lies within a day around wallMs; this
  // assumes at most one offset change in that window, which holds for every zone today.
  const before = zoneOffsetMs(timeZone, wallMs - 15 * hourMs);
  const after = zoneOffsetMs(timeZone, wallMs + 15 * hourMs);
  if (before === after) return wallMs - before;
  const readings = [before, after]
    .filter((offset) => zoneOffsetMs(timeZone, wallMs - offset) === offset)
    .map((offset) => wallMs - offset);
  if (readings.length > 0) return Math.min(...readings);
  // Skipped: the jump happened in (wallMs − after, wallMs − before]; find it to the millisecond.
  let lo = wallMs - after;
  let hi = wallMs - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}
