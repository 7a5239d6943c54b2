import { describe, expect, it } from 'vitest';
import {
  dayNumberOfIsoDate,
  daysFromCivil,
  firstInstantAtWallClock,
  isKnownTimeZone,
  msPerDay,
  weekdayIndex,
  zoneOffsetMs,
} from './zone-clock.js';

const hourMs = 3_600_000;
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('calendar dates', () => {
  it('numbers days like Date.UTC does, across leap years and centuries', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1600, 2, 29],
      [1900, 3, 1],
      [2000, 2, 29],
      [2024, 12, 31],
      [2026, 3, 29],
      [2100, 1, 1],
    ] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / msPerDay);
    }
  });

  it('reads real YYYY-MM-DD dates and refuses impossible ones', () => {
    expect(dayNumberOfIsoDate('2026-12-25')).toBe(Date.UTC(2026, 11, 25) / msPerDay);
    expect(dayNumberOfIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / msPerDay);
    for (const bad of [
      '2026-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '25.12.2026',
      '',
    ])
      expect(dayNumberOfIsoDate(bad)).toBeNull();
  });

  it('knows the weekday, Monday first', () => {
    expect(weekdayIndex(daysFromCivil(2026, 3, 9))).toBe(0);
    expect(weekdayIndex(daysFromCivil(2026, 3, 8))).toBe(6);
    expect(weekdayIndex(daysFromCivil(1969, 12, 31))).toBe(2);
  });
});

describe('time zones', () => {
  it('accepts IANA names and refuses unknown names and bare offsets', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Europe/Atlantis')).toBe(false);
    expect(isKnownTimeZone('+01:00')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });

  it('reads the offset of winter, summer, half-hour and quarter-hour zones', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-01-15T12:00:00Z'))).toBe(hourMs);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-07-15T12:00:00Z'))).toBe(2 * hourMs);
    expect(zoneOffsetMs('Asia/Kolkata', Date.parse('2026-07-15T12:00:00.999Z'))).toBe(5.5 * hourMs);
    expect(zoneOffsetMs('Pacific/Chatham', Date.parse('2026-01-15T12:00:00Z'))).toBe(13.75 * hourMs);
    expect(zoneOffsetMs('America/New_York', Date.parse('1969-12-31T23:59:59.500Z'))).toBe(-5 * hourMs);
  });

  it('maps an ordinary wall-clock time to its one instant', () => {
    expect(firstInstantAtWallClock('Europe/Berlin', wall('2026-03-09T10:00:00'))).toBe(
      Date.parse('2026-03-09T10:00:00+01:00'),
    );
  });

  it('maps a time skipped by a spring-forward to the moment of the jump', () => {
    expect(firstInstantAtWallClock('Europe/Berlin', wall('2026-03-29T02:30:00'))).toBe(
      Date.parse('2026-03-29T01:00:00Z'),
    );
    expect(firstInstantAtWallClock('Europe/Berlin', wall('2026-03-29T02:00:00'))).toBe(
      Date.parse('2026-03-29T01:00:00Z'),
    );
    expect(firstInstantAtWallClock('America/Santiago', wall('2024-09-08T00:00:00'))).toBe(
      Date.parse('2024-09-08T04:00:00Z'),
    );
  });

  it('maps a time repeated by a fall-back to its first occurrence', () => {
    expect(firstInstantAtWallClock('Europe/Berlin', wall('2026-10-25T02:30:00'))).toBe(
      Date.parse('2026-10-25T02:30:00+02:00'),
    );
    expect(firstInstantAtWallClock('Europe/Berlin', wall('2026-10-25T03:00:00'))).toBe(
      Date.parse('2026-10-25T03:00:00+01:00'),
    );
    expect(firstInstantAtWallClock('America/New_York', wall('2026-11-01T01:30:00'))).toBe(
      Date.parse('2026-11-01T01:30:00-04:00'),
    );
  });
});
