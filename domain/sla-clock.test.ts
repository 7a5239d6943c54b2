import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from './business-calendar.js';
import { clockRuns, defaultPauseStatuses, pauseStatusesOf, remainingBusinessSeconds } from './sla-clock.js';
import { ticketStatuses } from './ticket-status.js';

const allDay: BusinessCalendar = {
  timezone: 'UTC',
  weeklyHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
  holidays: [],
};
// Monday to Friday, 09:00–17:00 in Berlin.
const office: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
  holidays: [],
};

describe('clockRuns', () => {
  it('runs while the team works and stops in the policy’s pause statuses and once the work is done', () => {
    const policy = { pauseStatuses: ['pending'] as const };
    expect(ticketStatuses.filter((s) => clockRuns(policy, s))).toEqual(['new', 'open', 'on_hold']);
    const both = { pauseStatuses: defaultPauseStatuses };
    expect(ticketStatuses.filter((s) => clockRuns(both, s))).toEqual(['new', 'open']);
  });

  it('never runs without a policy', () => {
    expect(ticketStatuses.some((s) => clockRuns(null, s))).toBe(false);
  });
});

describe('pauseStatusesOf', () => {
  it('takes the policy’s own list, even an empty one, else the default', () => {
    expect(pauseStatusesOf({ pauseStatuses: ['on_hold'] })).toEqual(['on_hold']);
    expect(pauseStatusesOf({ pauseStatuses: [] })).toEqual([]);
    expect(pauseStatusesOf(null)).toEqual(['pending', 'on_hold']);
  });
});

describe('remainingBusinessSeconds', () => {
  const target = { targetSeconds: 3600, dueAt: '2026-03-02T10:00:00.000Z', metAt: null };
  const running = { consumedSeconds: 600, paused: false };

  it('counts business time to the deadline, negative once it has passed', () => {
    expect(remainingBusinessSeconds(allDay, target, running, new Date('2026-03-02T09:30:00Z'))).toBe(1800);
    expect(remainingBusinessSeconds(allDay, target, running, new Date('2026-03-02T10:05:00Z'))).toBe(-300);
  });

  it('skips closed hours: from Friday 16:30 to Monday 09:30 in Berlin is one business hour', () => {
    const due = { ...target, dueAt: '2026-03-09T08:30:00.000Z' }; // Monday 09:30 CET
    expect(remainingBusinessSeconds(office, due, running, new Date('2026-03-06T15:30:00Z'))).toBe(3600);
  });

  it('stands still while paused: the target minus what was consumed', () => {
    const paused = { consumedSeconds: 1000, paused: true };
    expect(remainingBusinessSeconds(allDay, target, paused, new Date('2026-03-09T00:00:00Z'))).toBe(2600);
  });

  it('has nothing left to count once met or without a deadline', () => {
    expect(
      remainingBusinessSeconds(allDay, { ...target, metAt: '2026-03-02T09:00:00Z' }, running, new Date()),
    ).toBeNull();
    expect(remainingBusinessSeconds(allDay, { ...target, dueAt: null }, running, new Date())).toBeNull();
  });
});
