import { businessSecondsBetween } from './business-time.js';
import type { BusinessCalendar } from './business-calendar.js';
import { isFinished, type TicketStatus } from './ticket-status.js';

/** What decides whether a clock runs: the statuses its policy pauses in. */
export interface PauseRule {
  pauseStatuses: readonly TicketStatus[];
}

/** The statuses a policy may pause its clock in: those waiting on someone other than the team. */
export const pausableStatuses = ['pending', 'on_hold'] as const satisfies readonly TicketStatus[];

/** The pause statuses of a policy that names none, and what the portal assumes without the live state. */
export const defaultPauseStatuses: readonly TicketStatus[] = pausableStatuses;

/** The statuses a policy pauses its clock in (its own list, else the default). */
export function pauseStatusesOf(
  policy: { pauseStatuses?: readonly TicketStatus[] | null } | null,
): readonly TicketStatus[] {
  return policy?.pauseStatuses ?? defaultPauseStatuses;
}

/**
 * True when the SLA clock counts in `status`: there is a clock (a policy applies), the work is not
 * done, and the policy does not pause in that status (e.g. pending: waiting on the customer).
 */
export function clockRuns(clock: PauseRule | null, status: TicketStatus): boolean {
  if (!clock) return false;
  return !isFinished(status) && !clock.pauseStatuses.includes(status);
}

/** One SLA target as a clock keeps it. */
export interface TargetProgress {
  targetSeconds: number;
  dueAt: string | null;
  metAt: string | null;
}

/**
 * Business seconds left before `target` is due, as of `now`: negative once overdue, null when the
 * target is met or has no deadline. While paused the clock stands still, so what is left is the
 * target minus the business time consumed so far.
 */
export function remainingBusinessSeconds(
  calendar: BusinessCalendar,
  target: TargetProgress,
  clock: { consumedSeconds: number; paused: boolean },
  now: Date,
): number | null {
  if (target.metAt || !target.dueAt) return null;
  if (clock.paused) return Math.round(target.targetSeconds - clock.consumedSeconds);
  const due = new Date(target.dueAt);
  const seconds = due > now ? businessSecondsBetween(calendar, now, due) : -businessSecondsBetween(calendar, due, now);
  return Math.round(seconds);
}
