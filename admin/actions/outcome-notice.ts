import type { Outcome } from '../../tickets/outcome.js';

/** An AdminJS notice: the message at the top of the page after an action. */
export interface Notice {
  message: string;
  type: 'success' | 'error';
}

/**
 * The one place ticket outcomes become back-office words: `<number> <done>.` when it worked, else
 * `<number>: <why>` (the refusal, a stale version, a missing ticket, or the workflow engine down).
 */
export function noticeOf(ticketNumber: string, done: string, outcome: Outcome<unknown>): Notice {
  return outcome.kind === 'ok'
    ? { message: `${ticketNumber} ${done}.`, type: 'success' }
    : { message: `${ticketNumber}: ${outcome.message}`, type: 'error' };
}

/** Why an outcome failed, in words; null when it worked (bulk results list one per ticket). */
export function failureOf(outcome: Outcome<unknown>): string | null {
  return outcome.kind === 'ok' ? null : outcome.message;
}
