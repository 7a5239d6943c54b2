import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../domain/business-calendar.js';
import type { SlaPolicy } from '../../domain/sla-policy.js';
import type { StoredCalendar } from '../../db/sla-policies.js';
import type { TicketFacts } from '../lifecycle/types.js';
import { computeSlaPlan, type SlaPlanInput } from './sla-deadline-math.js';

const hour = 3600;
const allWeek = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const roundTheClock: BusinessCalendar = {
  timezone: 'UTC',
  weeklyHours: Object.fromEntries(allWeek.map((d) => [d, [['00:00', '24:00']]])),
  holidays: [],
};
const officeHours: BusinessCalendar = {
  timezone: 'UTC',
  weeklyHours: Object.fromEntries(allWeek.slice(0, 5).map((d) => [d, [['09:00', '17:00']]])),
  holidays: [],
};
const stored = (calendar: BusinessCalendar): StoredCalendar => ({ id: 7, name: 'Cal', calendar });
const policy: SlaPolicy = {
  id: 3,
  name: 'Standard',
  position: 1,
  active: true,
  conditions: {},
  firstResponseTargetSeconds: 2 * hour,
  resolutionTargetSeconds: 8 * hour,
  calendarId: 7,
  pauseStatuses: ['pending', 'on_hold'],
  warningThresholds: [0.75],
};
const facts = (status: TicketFacts['status'] = 'new'): TicketFacts => ({
  ticketId: 1,
  status,
  priority: 'normal',
  organizationId: null,
  teamId: null,
  assigneeId: null,
  category: null,
});
const input = (over: Partial<SlaPlanInput> & { at: Date }): SlaPlanInput => ({
  facts: facts(),
  previous: null,
  history: { createdAt: over.at.toISOString(), firstRespondedAt: null, resolvedAt: null },
  ...over,
});

describe('computeSlaPlan', () => {
  it('sets both deadlines in business time from creation, with warnings and breaches in time order', () => {
    // Monday 16:00 on a 09:00-17:00 weekday calendar: one business hour left today.
    const { clock, timers } = computeSlaPlan(
      policy,
      stored(officeHours),
      input({ at: new Date('2026-11-30T16:00:00Z') }),
    );
    expect(clock.firstResponse.dueAt).toBe('2026-12-01T10:00:00.000Z');
    expect(clock.resolution.dueAt).toBe('2026-12-01T16:00:00.000Z');
    expect(clock.runningSince).toBe('2026-11-30T16:00:00.000Z');
    expect(timers).toEqual([
      { kind: 'warning', target: 'first_response', fraction: 0.75, at: '2026-12-01T09:30:00.000Z' },
      { kind: 'breach', target: 'first_response', fraction: null, at: '2026-12-01T10:00:00.000Z' },
      { kind: 'warning', target: 'resolution', fraction: 0.75, at: '2026-12-01T14:00:00.000Z' },
      { kind: 'breach', target: 'resolution', fraction: null, at: '2026-12-01T16:00:00.000Z' },
    ]);
  });

  it('counts the business time a ticket already waited before its first plan', () => {
    const { clock } = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({
        at: new Date('2026-11-30T11:00:00Z'),
        history: { createdAt: '2026-11-30T10:00:00Z', firstRespondedAt: null, resolvedAt: null },
      }),
    );
    expect(clock.consumedSeconds).toBe(hour);
    expect(clock.firstResponse.dueAt).toBe('2026-11-30T12:00:00.000Z');
  });

  it('stops the clock in a pause status: no timers, deadlines kept, consumed time frozen', () => {
    const start = computeSlaPlan(policy, stored(roundTheClock), input({ at: new Date('2026-11-30T10:00:00Z') }));
    const paused = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({ at: new Date('2026-11-30T11:00:00Z'), facts: facts('pending'), previous: start.clock }),
    );
    expect(paused.timers).toEqual([]);
    expect(paused.clock.runningSince).toBeNull();
    expect(paused.clock.consumedSeconds).toBe(hour);
    expect(paused.clock.firstResponse.dueAt).toBe(start.clock.firstResponse.dueAt);
  });

  it('pushes every deadline by exactly the paused time when the clock resumes', () => {
    const start = computeSlaPlan(policy, stored(roundTheClock), input({ at: new Date('2026-11-30T10:00:00Z') }));
    const paused = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({ at: new Date('2026-11-30T11:00:00Z'), facts: facts('pending'), previous: start.clock }),
    );
    // Three hours in pending, then open again.
    const resumed = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({ at: new Date('2026-11-30T14:00:00Z'), facts: facts('open'), previous: paused.clock }),
    );
    expect(resumed.clock.firstResponse.dueAt).toBe('2026-11-30T15:00:00.000Z');
    expect(resumed.clock.resolution.dueAt).toBe('2026-11-30T21:00:00.000Z');
  });

  it('keeps a met target as it was and plans no more timers for it', () => {
    const start = computeSlaPlan(policy, stored(roundTheClock), input({ at: new Date('2026-11-30T10:00:00Z') }));
    const replied = {
      ...start.clock,
      firstResponse: { ...start.clock.firstResponse, metAt: '2026-11-30T10:30:00.000Z' },
    };
    const { clock, timers } = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({ at: new Date('2026-11-30T11:00:00Z'), facts: facts('open'), previous: replied }),
    );
    expect(clock.firstResponse).toMatchObject({ metAt: '2026-11-30T10:30:00.000Z', dueAt: '2026-11-30T12:00:00.000Z' });
    expect(timers.map((t) => t.target)).toEqual(['resolution', 'resolution']);
  });

  it('leaves out warnings whose moment has passed and breaches at once a target already used up', () => {
    const { clock, timers } = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({
        at: new Date('2026-11-30T13:00:00Z'),
        facts: facts('open'),
        history: { createdAt: '2026-11-30T10:00:00Z', firstRespondedAt: null, resolvedAt: null },
      }),
    );
    expect(clock.firstResponse.dueAt).toBe('2026-11-30T13:00:00.000Z');
    expect(timers.filter((t) => t.target === 'first_response')).toEqual([
      { kind: 'breach', target: 'first_response', fraction: null, at: '2026-11-30T13:00:00.000Z' },
    ]);
  });

  it('stops the clock when the ticket is resolved, keeping the resolution time as met', () => {
    const { clock, timers } = computeSlaPlan(
      policy,
      stored(roundTheClock),
      input({
        at: new Date('2026-11-30T12:00:00Z'),
        facts: facts('resolved'),
        history: { createdAt: '2026-11-30T10:00:00Z', firstRespondedAt: null, resolvedAt: '2026-11-30T12:00:00Z' },
      }),
    );
    expect(timers).toEqual([]);
    expect(clock.resolution.metAt).toBe('2026-11-30T12:00:00Z');
    expect(clock.runningSince).toBeNull();
  });
});
