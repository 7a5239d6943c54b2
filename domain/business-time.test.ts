import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, TimeRange, Weekday } from './business-calendar.js';
import { addBusinessSeconds, businessSecondsBetween, isBusinessTime } from './business-time.js';

const hour = 3600;
const at = (iso: string) => new Date(iso);
const everyDay = (ranges: TimeRange[]): Partial<Record<Weekday, TimeRange[]>> =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, ranges]));
const weekdaysOnly = (ranges: TimeRange[]) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

const nineToFive = (timezone: string): BusinessCalendar => ({
  timezone,
  weeklyHours: weekdaysOnly([['09:00', '17:00']]),
  holidays: [],
});
// The demo seed's calendar: a lunch break, a short Friday and the Christmas holidays.
const berlinOffice: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weeklyHours: {
    ...weekdaysOnly([
      ['09:00', '12:30'],
      ['13:30', '17:00'],
    ]),
    fri: [['09:00', '15:00']],
  },
  holidays: [
    { date: '2026-12-24', name: 'Christmas Eve' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-26' },
    { date: '2027-01-01', name: "New Year's Day" },
  ],
};
const allDay = (timezone: string): BusinessCalendar => ({
  timezone,
  weeklyHours: everyDay([['00:00', '24:00']]),
  holidays: [],
});
const nightly = (timezone: string): BusinessCalendar => ({
  timezone,
  weeklyHours: everyDay([['01:00', '03:00']]),
  holidays: [],
});

describe('addBusinessSeconds', () => {
  it('makes a ticket opened Friday 16:00 with 2 business hours due Monday 10:00 in Berlin', () => {
    expect(addBusinessSeconds(nineToFive('Europe/Berlin'), at('2026-03-06T16:00:00+01:00'), 2 * hour)).toEqual(
      at('2026-03-09T10:00:00+01:00'),
    );
  });

  it('starts the clock at the next opening for a ticket raised at the weekend or before hours', () => {
    expect(addBusinessSeconds(nineToFive('Europe/Berlin'), at('2026-03-07T11:00:00+01:00'), hour)).toEqual(
      at('2026-03-09T10:00:00+01:00'),
    );
    expect(addBusinessSeconds(nineToFive('Europe/Berlin'), at('2026-03-09T07:15:00+01:00'), 30 * 60)).toEqual(
      at('2026-03-09T09:30:00+01:00'),
    );
  });

  it('continues overnight the next morning', () => {
    expect(addBusinessSeconds(nineToFive('Europe/Berlin'), at('2026-03-10T16:30:00+01:00'), hour)).toEqual(
      at('2026-03-11T09:30:00+01:00'),
    );
  });

  it('skips the lunch break', () => {
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T12:00:00+01:00'), hour)).toEqual(
      at('2026-03-09T14:00:00+01:00'),
    );
  });

  it('puts a deadline that uses up a range exactly on that range’s end, not on the next opening', () => {
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T11:30:00+01:00'), hour)).toEqual(
      at('2026-03-09T12:30:00+01:00'),
    );
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T11:30:00+01:00'), hour + 1)).toEqual(
      at('2026-03-09T13:30:01+01:00'),
    );
    expect(addBusinessSeconds(berlinOffice, at('2026-03-06T14:00:00+01:00'), hour)).toEqual(
      at('2026-03-06T15:00:00+01:00'),
    );
  });

  it('returns the start itself for 0 seconds, even outside open hours', () => {
    const saturdayNight = at('2026-03-07T03:00:00+01:00');
    expect(addBusinessSeconds(berlinOffice, saturdayNight, 0)).toEqual(saturdayNight);
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T10:00:00+01:00'), 0)).toEqual(
      at('2026-03-09T10:00:00+01:00'),
    );
  });

  it('keeps fractional seconds to the millisecond', () => {
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T10:00:00+01:00'), 1.25)).toEqual(
      at('2026-03-09T10:00:01.250+01:00'),
    );
    expect(addBusinessSeconds(berlinOffice, at('2026-03-09T12:29:59.900+01:00'), 0.2)).toEqual(
      at('2026-03-09T13:30:00.100+01:00'),
    );
  });

  it('skips holidays: two hours from Wednesday 23 December 16:00 end on Monday 28 December at 10:00', () => {
    expect(addBusinessSeconds(berlinOffice, at('2026-12-23T16:00:00+01:00'), 2 * hour)).toEqual(
      at('2026-12-28T10:00:00+01:00'),
    );
  });

  it('spreads the standard 40-hour resolution target over more than a week of office hours', () => {
    // Monday 09:00: 34 hours to Friday 15:00, then 3.5 + 2.5 hours on the next Monday.
    expect(addBusinessSeconds(berlinOffice, at('2026-03-02T09:00:00+01:00'), 40 * hour)).toEqual(
      at('2026-03-09T16:00:00+01:00'),
    );
  });

  it('runs a night shift split at midnight without a gap', () => {
    const nightShift: BusinessCalendar = {
      timezone: 'Europe/Berlin',
      weeklyHours: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] },
      holidays: [],
    };
    expect(addBusinessSeconds(nightShift, at('2026-03-09T23:30:00+01:00'), hour)).toEqual(
      at('2026-03-10T00:30:00+01:00'),
    );
  });

  it('counts a 24×7 calendar continuously across midnight: one second before midnight plus two is one second after', () => {
    expect(addBusinessSeconds(allDay('UTC'), at('2026-12-31T23:59:59Z'), 2)).toEqual(at('2027-01-01T00:00:01Z'));
    expect(addBusinessSeconds(allDay('Europe/Berlin'), at('2026-03-09T23:59:59+01:00'), 2)).toEqual(
      at('2026-03-10T00:00:01+01:00'),
    );
  });

  it('counts real hours on a 24×7 calendar across DST changes', () => {
    expect(addBusinessSeconds(allDay('Europe/Berlin'), at('2026-03-28T12:00:00+01:00'), 24 * hour)).toEqual(
      at('2026-03-29T13:00:00+02:00'),
    );
    expect(addBusinessSeconds(allDay('Europe/Berlin'), at('2026-10-24T12:00:00+02:00'), 24 * hour)).toEqual(
      at('2026-10-25T11:00:00+01:00'),
    );
  });

  it('keeps office hours at their local times after the clocks change in New York', () => {
    expect(addBusinessSeconds(nineToFive('America/New_York'), at('2026-03-06T16:00:00-05:00'), 2 * hour)).toEqual(
      at('2026-03-09T10:00:00-04:00'),
    );
    expect(addBusinessSeconds(nineToFive('America/New_York'), at('2026-10-30T16:00:00-04:00'), 2 * hour)).toEqual(
      at('2026-11-02T10:00:00-05:00'),
    );
  });

  it('gives a 01:00–03:00 range one real hour on the spring-forward night (Berlin)', () => {
    expect(addBusinessSeconds(nightly('Europe/Berlin'), at('2026-03-29T01:00:00+01:00'), hour)).toEqual(
      at('2026-03-29T03:00:00+02:00'),
    );
    expect(addBusinessSeconds(nightly('Europe/Berlin'), at('2026-03-29T01:00:00+01:00'), hour + 1)).toEqual(
      at('2026-03-30T01:00:01+02:00'),
    );
  });

  it('gives a 01:00–03:00 range three real hours on the fall-back night, 02:00–03:00 counted twice (Berlin)', () => {
    expect(addBusinessSeconds(nightly('Europe/Berlin'), at('2026-10-25T01:00:00+02:00'), 1.5 * hour)).toEqual(
      at('2026-10-25T02:30:00+02:00'),
    );
    expect(addBusinessSeconds(nightly('Europe/Berlin'), at('2026-10-25T01:00:00+02:00'), 2.5 * hour)).toEqual(
      at('2026-10-25T02:30:00+01:00'),
    );
    expect(addBusinessSeconds(nightly('Europe/Berlin'), at('2026-10-25T01:00:00+02:00'), 3 * hour)).toEqual(
      at('2026-10-25T03:00:00+01:00'),
    );
  });

  it('opens a range that starts in the hour skipped by the spring-forward when the clocks jump', () => {
    const earlySunday: BusinessCalendar = {
      timezone: 'Europe/Berlin',
      weeklyHours: { sun: [['02:30', '04:00']] },
      holidays: [],
    };
    expect(addBusinessSeconds(earlySunday, at('2026-03-29T00:00:00+01:00'), 1)).toEqual(
      at('2026-03-29T03:00:01+02:00'),
    );
    expect(businessSecondsBetween(earlySunday, at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00'))).toBe(
      hour,
    );
  });

  it('keeps a 24×7 calendar continuous where the clocks change at midnight (Santiago)', () => {
    // 2024-04-07 00:00 falls back to 2024-04-06 23:00; 2024-09-08 00:00 springs forward to 01:00.
    expect(addBusinessSeconds(allDay('America/Santiago'), at('2024-04-06T23:30:00-03:00'), hour)).toEqual(
      at('2024-04-06T23:30:00-04:00'),
    );
    expect(addBusinessSeconds(allDay('America/Santiago'), at('2024-09-07T23:30:00-04:00'), hour)).toEqual(
      at('2024-09-08T01:30:00-03:00'),
    );
  });

  it('refuses negative or non-finite durations, invalid dates and invalid calendars with a reason', () => {
    const start = at('2026-03-09T10:00:00+01:00');
    expect(() => addBusinessSeconds(berlinOffice, start, -1)).toThrow(
      /seconds must be a finite number of at least 0 \(got -1\)/,
    );
    expect(() => addBusinessSeconds(berlinOffice, start, Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessSeconds(berlinOffice, at('not a date'), 1)).toThrow(/start is an invalid Date/);
    expect(() => addBusinessSeconds({ ...berlinOffice, timezone: 'Europe/Atlantis' }, start, 1)).toThrow(
      /timezone "Europe\/Atlantis"/,
    );
    expect(() => addBusinessSeconds({ ...berlinOffice, weeklyHours: {} }, start, 1)).toThrow(/opens on no day/);
    expect(() =>
      addBusinessSeconds(
        {
          ...berlinOffice,
          weeklyHours: {
            mon: [
              ['09:00', '12:00'],
              ['11:00', '13:00'],
            ],
          },
        },
        start,
        1,
      ),
    ).toThrow(/weeklyHours\.mon\.1 overlaps 09:00–12:00/);
    expect(() => addBusinessSeconds({ ...berlinOffice, holidays: [{ date: '2026-02-30' }] }, start, 1)).toThrow(
      /holiday "2026-02-30"/,
    );
  });

  it('skips a long run of holidays on a calendar open one day a week', () => {
    const holidays = Array.from({ length: 60 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 2, 9 + 7 * i)).toISOString().slice(0, 10),
    }));
    const mondaysOnly: BusinessCalendar = { timezone: 'UTC', weeklyHours: { mon: [['09:00', '17:00']] }, holidays };
    expect(addBusinessSeconds(mondaysOnly, at('2026-03-02T17:30:00Z'), hour)).toEqual(at('2027-05-03T10:00:00Z'));
  });
});

describe('businessSecondsBetween', () => {
  it('is 0 when the end is not after the start', () => {
    expect(businessSecondsBetween(berlinOffice, at('2026-03-09T10:00:00+01:00'), at('2026-03-09T10:00:00+01:00'))).toBe(
      0,
    );
    expect(businessSecondsBetween(berlinOffice, at('2026-03-09T11:00:00+01:00'), at('2026-03-09T10:00:00+01:00'))).toBe(
      0,
    );
  });

  it('counts two business hours from Friday 16:00 to Monday 10:00', () => {
    expect(
      businessSecondsBetween(
        nineToFive('Europe/Berlin'),
        at('2026-03-06T16:00:00+01:00'),
        at('2026-03-09T10:00:00+01:00'),
      ),
    ).toBe(2 * hour);
  });

  it('leaves out the lunch break, closed hours and holidays', () => {
    expect(businessSecondsBetween(berlinOffice, at('2026-03-09T12:00:00+01:00'), at('2026-03-09T14:00:00+01:00'))).toBe(
      hour,
    );
    expect(businessSecondsBetween(berlinOffice, at('2026-12-23T00:00:00+01:00'), at('2026-12-28T10:00:00+01:00'))).toBe(
      8 * hour,
    );
  });

  it('counts an office year: 2027 has 261 weekdays, one of them New Year’s Day', () => {
    const calendar: BusinessCalendar = { ...nineToFive('UTC'), holidays: [{ date: '2027-01-01' }] };
    expect(businessSecondsBetween(calendar, at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z'))).toBe(
      260 * 8 * hour,
    );
  });

  // How fast this is measured in `npm run bench -- business-time`, not asserted here.
  it('counts ten years of office hours', () => {
    expect(
      businessSecondsBetween(berlinOffice, at('2024-01-01T00:00:00+01:00'), at('2034-01-01T00:00:00+01:00')),
    ).toBeGreaterThan(10 * 50 * 30 * hour);
  });

  it('keeps fractions of a second', () => {
    expect(
      businessSecondsBetween(berlinOffice, at('2026-03-09T10:00:00.000+01:00'), at('2026-03-09T10:00:00.250+01:00')),
    ).toBe(0.25);
  });

  it('counts real elapsed time on DST nights in Berlin and New York', () => {
    expect(
      businessSecondsBetween(
        nightly('Europe/Berlin'),
        at('2026-03-29T00:00:00+01:00'),
        at('2026-03-29T12:00:00+02:00'),
      ),
    ).toBe(hour);
    expect(
      businessSecondsBetween(
        nightly('Europe/Berlin'),
        at('2026-10-25T00:00:00+02:00'),
        at('2026-10-25T12:00:00+01:00'),
      ),
    ).toBe(3 * hour);
    expect(
      businessSecondsBetween(
        nightly('America/New_York'),
        at('2026-03-08T00:00:00-05:00'),
        at('2026-03-08T12:00:00-04:00'),
      ),
    ).toBe(hour);
    expect(
      businessSecondsBetween(
        nightly('America/New_York'),
        at('2026-11-01T00:00:00-04:00'),
        at('2026-11-01T12:00:00-05:00'),
      ),
    ).toBe(3 * hour);
    expect(
      businessSecondsBetween(
        allDay('America/New_York'),
        at('2026-03-08T00:00:00-05:00'),
        at('2026-03-09T00:00:00-04:00'),
      ),
    ).toBe(23 * hour);
  });
});

describe('isBusinessTime', () => {
  it('is true inside open hours and false in the lunch break, at night and at the weekend', () => {
    expect(isBusinessTime(berlinOffice, at('2026-03-09T10:00:00+01:00'))).toBe(true);
    expect(isBusinessTime(berlinOffice, at('2026-03-09T12:45:00+01:00'))).toBe(false);
    expect(isBusinessTime(berlinOffice, at('2026-03-09T22:00:00+01:00'))).toBe(false);
    expect(isBusinessTime(berlinOffice, at('2026-03-07T10:00:00+01:00'))).toBe(false);
  });

  it('includes a range’s start and excludes its end', () => {
    expect(isBusinessTime(berlinOffice, at('2026-03-09T09:00:00+01:00'))).toBe(true);
    expect(isBusinessTime(berlinOffice, at('2026-03-09T16:59:59.999+01:00'))).toBe(true);
    expect(isBusinessTime(berlinOffice, at('2026-03-09T17:00:00+01:00'))).toBe(false);
  });

  it('is false all day on a holiday', () => {
    expect(isBusinessTime(berlinOffice, at('2026-12-25T10:00:00+01:00'))).toBe(false);
    expect(isBusinessTime(berlinOffice, at('2026-12-28T10:00:00+01:00'))).toBe(true);
  });

  it('is true at midnight on a 24×7 calendar', () => {
    expect(isBusinessTime(allDay('Europe/Berlin'), at('2026-03-10T00:00:00+01:00'))).toBe(true);
  });

  it('is true during both runs of the repeated hour of a fall-back night', () => {
    expect(isBusinessTime(nightly('Europe/Berlin'), at('2026-10-25T02:30:00+02:00'))).toBe(true);
    expect(isBusinessTime(nightly('Europe/Berlin'), at('2026-10-25T02:30:00+01:00'))).toBe(true);
    expect(isBusinessTime(nightly('Europe/Berlin'), at('2026-10-25T03:00:00+01:00'))).toBe(false);
  });

  it('keeps both runs of the hour repeated when Santiago falls back at midnight on Saturday', () => {
    // At Sunday 2024-04-07 00:00 (−03) the clock shows Saturday 23:00 (−04) again; Sunday begins an hour later.
    const lateSaturday: BusinessCalendar = {
      timezone: 'America/Santiago',
      weeklyHours: { sat: [['23:00', '24:00']] },
      holidays: [],
    };
    const sundaysOnly: BusinessCalendar = {
      timezone: 'America/Santiago',
      weeklyHours: { sun: [['00:00', '24:00']] },
      holidays: [],
    };
    expect(businessSecondsBetween(lateSaturday, at('2024-04-06T12:00:00-03:00'), at('2024-04-07T12:00:00-04:00'))).toBe(
      2 * hour,
    );
    expect(isBusinessTime(lateSaturday, at('2024-04-06T23:30:00-04:00'))).toBe(true);
    expect(isBusinessTime(sundaysOnly, at('2024-04-06T23:30:00-04:00'))).toBe(false);
    expect(isBusinessTime(sundaysOnly, at('2024-04-07T00:00:00-04:00'))).toBe(true);
  });
});
