/** Who or what caused an audit event. */
export const eventSources = [
  'api',
  'portal',
  'back_office',
  'workflow',
  'cli',
  'system',
  'seed',
  'guest',
  'email',
] as const;

/** The origin of a change, recorded in the audit trail. */
export type EventSource = (typeof eventSources)[number];

/** Who asked for a change: a user (null for the system) through a channel. */
export interface Actor {
  userId: number | null;
  source: EventSource;
}

/**
 * Every kind of entry in a ticket's audit trail (`ticket_events.type`): what the API and the
 * back office write, and what the ticket workflow decides.
 */
export const ticketEventTypes = [
  // Written by the API, the back office and the CLI.
  'created',
  'reply_added',
  'note_added',
  'attachment_added',
  'fields_edited',
  // The requester rated the ticket (score, comment): the audit trail's copy of satisfaction_ratings.
  'rated',
  // A staff member applied a macro (which one, what it asked for); its reply and changes are logged as usual.
  'macro_applied',
  // A staff member merged this duplicate into another ticket (`after.targetId`, `targetNumber`).
  'merged_into',
  // Another ticket was merged into this one (`after.duplicateId`, its number, the messages copied).
  'merged_from',
  // Written by the e-mail intake: one per imported mail (mailbox, sender, threading, authentication).
  'mail_imported',
  // Written by the ticket workflow.
  'workflow_started',
  'sla_planned',
  'sla_recalculated',
  'sla_warning',
  'sla_breached',
  'first_response_met',
  'status_changed',
  'assigned',
  'priority_changed',
  'team_changed',
  'reopened_by_reply',
  'escalation_change',
  'escalated',
  'auto_closed',
] as const;

/** One kind of audit-trail entry. */
export type TicketEventType = (typeof ticketEventTypes)[number];
