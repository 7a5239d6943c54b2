import { describe, expect, it } from 'vitest';
import {
  acceptsReplies,
  allowedTransitions,
  canRate,
  canReopen,
  canTransition,
  describeRefusedTransition,
  isFinal,
  isFinished,
  ticketStatuses,
} from './ticket-status.js';

describe('ticket status transitions', () => {
  it('follow new → open → pending | on_hold → resolved → closed', () => {
    expect(canTransition('new', 'open')).toBe(true);
    expect(canTransition('open', 'pending')).toBe(true);
    expect(canTransition('open', 'on_hold')).toBe(true);
    expect(canTransition('pending', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
  });

  it('let a resolved ticket reopen but keep closed final', () => {
    expect(canTransition('resolved', 'open')).toBe(true);
    for (const to of ticketStatuses) expect(canTransition('closed', to)).toBe(false);
    expect(describeRefusedTransition('closed', 'open')).toBe('A closed ticket cannot change status (tried open).');
  });

  it('never move a ticket back to new or to its own status', () => {
    for (const from of ticketStatuses) {
      expect(canTransition(from, 'new')).toBe(false);
      expect(allowedTransitions[from]).not.toContain(from);
    }
  });

  it('explain a refused move with the allowed ones', () => {
    expect(describeRefusedTransition('resolved', 'pending')).toBe(
      'A resolved ticket cannot move to pending; allowed: open, closed.',
    );
  });
});

describe('status predicates', () => {
  it('call resolved and closed finished, and let only closed refuse replies', () => {
    expect(ticketStatuses.filter(isFinished)).toEqual(['resolved', 'closed']);
    expect(ticketStatuses.filter((s) => !acceptsReplies(s))).toEqual(['closed']);
    expect(ticketStatuses.filter(isFinal)).toEqual(['closed']);
  });

  it('rate finished tickets and reopen only resolved ones', () => {
    expect(ticketStatuses.filter(canRate)).toEqual(['resolved', 'closed']);
    expect(ticketStatuses.filter(canReopen)).toEqual(['resolved']);
  });
});
