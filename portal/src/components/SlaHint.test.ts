import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../../domain/ticket-status.js';
import type { SlaState, TicketSla } from '../../../domain/ticket.js';
import SlaHint from './SlaHint.vue';

const future = '2099-01-01T10:00:00.000Z';
const past = '2000-01-01T10:00:00.000Z';
const sla = (overrides: Partial<TicketSla> = {}): TicketSla => ({
  firstResponseDueAt: future,
  resolutionDueAt: future,
  breached: false,
  ...overrides,
});
const hint = (status: TicketStatus, value: TicketSla, live: SlaState | null = null) =>
  mount(SlaHint, { props: { status, sla: value, live } }).text();

describe('SlaHint', () => {
  it('promises a reply for new tickets and a resolution for open ones, in the reader’s locale', () => {
    expect(hint('new', sla())).toMatch(/^Reply expected by .+/);
    expect(hint('open', sla())).toMatch(/^Resolution expected by .+/);
    expect(
      mount(SlaHint, { props: { status: 'new', sla: sla() } })
        .get('time')
        .attributes('datetime'),
    ).toBe(future);
  });

  it('says "Overdue" once breached or past due', () => {
    expect(hint('open', sla({ breached: true }))).toBe('⚠\u00a0Overdue');
    expect(hint('new', sla({ firstResponseDueAt: past }))).toBe('⚠\u00a0Overdue');
  });

  it('says nothing while the clock is paused, once done, or without a policy', () => {
    expect(hint('pending', sla())).toBe('');
    expect(hint('on_hold', sla({ breached: true }))).toBe('');
    expect(hint('resolved', sla({ breached: true }))).toBe('');
    expect(hint('closed', sla())).toBe('');
    expect(hint('open', sla({ firstResponseDueAt: null, resolutionDueAt: null }))).toBe('');
  });

  it('prefers the live SLA state: a met first response moves on to the resolution', () => {
    const live: SlaState = {
      policy: null,
      calendar: null,
      paused: false,
      breached: false,
      firstResponse: { dueAt: past, remainingSeconds: null, metAt: past, breachedAt: null },
      resolution: { dueAt: future, remainingSeconds: 100, metAt: null, breachedAt: null },
      nextTimer: null,
    };
    expect(hint('new', sla(), live)).toMatch(/^Resolution expected by /);
    expect(hint('open', sla(), { ...live, paused: true })).toBe('');
  });
});
