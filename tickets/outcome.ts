import type { FieldIssue } from '../domain/api-error.js';
import type { TicketStatus } from '../domain/ticket-status.js';

/** Why a ticket command was refused. */
export type RefusalReason =
  /** The lifecycle does not allow the move (`allowed` lists the moves it does). */
  | 'invalid_transition'
  /** Closed tickets take no change, reply or file. */
  | 'closed'
  /** A ticket is rated once it is resolved. */
  | 'not_resolved'
  /** The actor may not do this to this ticket (e.g. rate someone else's). */
  | 'forbidden'
  /** A field names something that does not exist or does not fit (an assignee, a team, a message). */
  | 'invalid_input'
  /** A genuine guest link past its lifetime. */
  | 'link_expired';

/**
 * What a ticket command or query answers, whatever the shell: the value, or why not. Shells turn
 * it into their own language (server: HTTP statuses; back office: notices; CLI: exit codes).
 */
export type Outcome<T> =
  | { kind: 'ok'; value: T }
  | {
      kind: 'refused';
      reason: RefusalReason;
      /** A sentence for people. */
      message: string;
      /** For `invalid_transition`: where the ticket may move instead. */
      allowed?: readonly TicketStatus[];
      /** For `invalid_input`: each bad field and what is wrong with it. */
      issues?: FieldIssue[];
    }
  /** No such ticket, or one the actor may not see: the same answer, so ids cannot be probed. */
  | { kind: 'not_found'; message: string }
  /** The ticket changed since the actor read it (the version they sent is old). */
  | { kind: 'stale'; message: string }
  /** A dependency (Temporal) did not answer in time; nothing to do but try again later. */
  | { kind: 'unavailable'; message: string; retryAfterSeconds: number };

/** A refusal, as the `refused` member of `Outcome`. */
export type Refusal = Extract<Outcome<never>, { kind: 'refused' }>;

/** Any outcome but `ok`: what shells translate into their errors. */
export type Failure = Exclude<Outcome<never>, { kind: 'ok' }>;

/** The command did what was asked. */
export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });

/** The command was refused for `reason`. */
export const refused = (
  reason: RefusalReason,
  message: string,
  extra: { allowed?: readonly TicketStatus[]; issues?: FieldIssue[] } = {},
): Refusal => ({ kind: 'refused', reason, message, ...extra });

/** No such ticket (or not one the actor may see). */
export const notFound = (what: string): Failure => ({ kind: 'not_found', message: `${what} was not found.` });

/** The ticket changed since the actor read it. */
export const stale = (message: string): Failure => ({ kind: 'stale', message });

/** A dependency is down; retry after the given seconds. */
export const unavailable = (message: string, retryAfterSeconds: number): Failure => ({
  kind: 'unavailable',
  message,
  retryAfterSeconds,
});
