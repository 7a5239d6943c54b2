import { describe, expect, it } from 'vitest';
import { clockMinutes } from './business-calendar.js';
import { businessCalendarSchema } from './business-calendar-schema.js';

const issues = (input: unknown) => {
  const result = businessCalendarSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const berlin = {
  timezone: 'Europe/Berlin',
  weeklyHours: {
    mon: [
      ['09:00', '12:30'],
      ['13:30', '17:00'],
    ],
    fri: [['09:00', '15:00']],
  },
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
};

describe('clockMinutes', () => {
  it('reads HH:MM from 00:00 to 24:00 and nothing else', () => {
    expect(clockMinutes('00:00')).toBe(0);
    expect(clockMinutes('12:30')).toBe(750);
    expect(clockMinutes('23:59')).toBe(1439);
    expect(clockMinutes('24:00')).toBe(1440);
    for (const bad of ['24:01', '9:00', '12:60', '12:5', '1230', ' 12:30']) expect(clockMinutes(bad)).toBeNull();
  });
});

describe('businessCalendarSchema', () => {
  it('accepts the demo seed’s office calendar and a 24×7 calendar as they are stored', () => {
    expect(businessCalendarSchema.parse(berlin)).toEqual(berlin);
    const allDay = {
      timezone: 'UTC',
      weeklyHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
      ),
      holidays: [],
    };
    expect(businessCalendarSchema.parse(allDay)).toEqual(allDay);
  });

  it('treats missing holidays as none and lets ranges touch', () => {
    expect(
      businessCalendarSchema.parse({
        timezone: 'UTC',
        weeklyHours: {
          mon: [
            ['09:00', '12:00'],
            ['12:00', '17:00'],
          ],
        },
      }),
    ).toEqual({
      timezone: 'UTC',
      weeklyHours: {
        mon: [
          ['09:00', '12:00'],
          ['12:00', '17:00'],
        ],
      },
      holidays: [],
    });
  });

  it('names an overlapping range and the range it overlaps', () => {
    expect(
      issues({
        ...berlin,
        weeklyHours: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '17:00'],
          ],
        },
      }),
    ).toEqual([{ path: 'weeklyHours.mon.1', message: 'overlaps 09:00–12:00' }]);
  });

  it('asks for ranges in time order', () => {
    expect(
      issues({
        ...berlin,
        weeklyHours: {
          tue: [
            ['13:00', '17:00'],
            ['09:00', '12:00'],
          ],
        },
      }),
    ).toEqual([{ path: 'weeklyHours.tue.1', message: "starts before 13:00–17:00; list a day's ranges in time order" }]);
  });

  it('refuses a range that ends before it starts, suggesting how to split a night shift', () => {
    expect(issues({ ...berlin, weeklyHours: { wed: [['22:00', '06:00']] } })).toEqual([
      {
        path: 'weeklyHours.wed.0',
        message:
          "ends before it starts (22:00–06:00); split a night shift at midnight, e.g. 22:00–24:00 and the next day's 00:00–06:00",
      },
    ]);
    expect(issues({ ...berlin, weeklyHours: { wed: [['09:00', '09:00']] } })).toEqual([
      { path: 'weeklyHours.wed.0', message: 'is empty (09:00–09:00); the end must come after the start' },
    ]);
  });

  it('refuses malformed times and ranges at their own path', () => {
    expect(
      issues({ ...berlin, weeklyHours: { mon: [['9:00', '17:00']], tue: [['09:00']], wed: [['09:00', '24:30']] } }),
    ).toEqual([
      { path: 'weeklyHours.mon.0.0', message: 'must be a time "HH:MM" from 00:00 to 24:00' },
      { path: 'weeklyHours.tue.0', message: 'must be a pair of times, e.g. ["09:00", "17:00"]' },
      { path: 'weeklyHours.wed.0.1', message: 'must be a time "HH:MM" from 00:00 to 24:00' },
    ]);
  });

  it('refuses a week without open hours and unknown day names', () => {
    expect(issues({ ...berlin, weeklyHours: {} })).toEqual([
      { path: 'weeklyHours', message: 'must open at least one day of the week' },
    ]);
    expect(issues({ ...berlin, weeklyHours: { mon: [], sun: [] } })).toEqual([
      { path: 'weeklyHours', message: 'must open at least one day of the week' },
    ]);
    expect(issues({ ...berlin, weeklyHours: { monday: [['09:00', '17:00']], mon: [['09:00', '17:00']] } })).toEqual([
      { path: 'weeklyHours', message: 'uses unknown days; name days mon, tue, wed, thu, fri, sat, sun' },
    ]);
  });

  it('refuses time zones the runtime does not know, and bare offsets', () => {
    expect(issues({ ...berlin, timezone: 'Europe/Atlantis' })).toEqual([
      { path: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin or UTC' },
    ]);
    expect(issues({ ...berlin, timezone: '+01:00' })).toEqual([
      { path: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin or UTC' },
    ]);
  });

  it('refuses impossible and repeated holiday dates', () => {
    expect(
      issues({
        ...berlin,
        holidays: [{ date: '2026-02-30' }, { date: '2026-12-25' }, { date: '2026-12-25', name: 'Again' }],
      }),
    ).toEqual([
      { path: 'holidays.0.date', message: 'must be a real date "YYYY-MM-DD"' },
      { path: 'holidays.2.date', message: 'repeats 2026-12-25 (holidays.1)' },
    ]);
  });
});
