import type { BusinessCalendar } from '../../domain/business-calendar.js';
import type { Actor, TicketEventType } from '../../domain/ticket-event-types.js';
import type { TicketLifecycleFields } from '../../domain/ticket-lifecycle-fields.js';
import type { TicketPriority } from '../../domain/ticket-priority.js';
import type { TicketStatus } from '../../domain/ticket-status.js';
import type { EscalationTrigger } from '../../domain/escalation-rules.js';
import type { NotificationTemplate } from '../../domain/notification-templates.js';

// Plain data exchanged between the ticket workflow and its activities. Dates travel as ISO
// strings or epoch milliseconds: payloads are JSON.

/** The two SLA targets a policy sets. */
export type SlaTargetName = 'first_response' | 'resolution';

/** One SLA target's progress. */
export interface SlaTargetClock {
  targetSeconds: number;
  dueAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
}

/**
 * A ticket's SLA clock under its policy. Business time already consumed is kept in seconds;
 * while running, the clock also counts from `runningSince`. Deadlines are computed by an
 * activity (so the business-time math is recorded in history) and only read here.
 */
export interface SlaClock {
  policyId: number;
  policyName: string;
  calendarId: number;
  calendarName: string;
  calendar: BusinessCalendar;
  pauseStatuses: TicketStatus[];
  warningThresholds: number[];
  consumedSeconds: number;
  runningSince: string | null;
  firstResponse: SlaTargetClock;
  resolution: SlaTargetClock;
}

/** A moment the SLA clock wants the workflow to wake up at. */
export interface SlaTimer {
  kind: 'warning' | 'breach';
  target: SlaTargetName;
  /** For warnings: the fraction of the target, e.g. 0.75. */
  fraction: number | null;
  at: string;
}

/** An escalation rule that triggers on time without updates, with its delay. */
export interface NoUpdateRule {
  ruleId: number;
  level: number;
  delaySeconds: number;
}

/** What `planSla` answers: the clock (null when no active policy applies) and its timers. */
export interface SlaPlan {
  clock: SlaClock | null;
  timers: SlaTimer[];
  noUpdateRules: NoUpdateRule[];
}

/** The ticket fields that choose a policy, a team and escalation rules. */
export interface TicketFacts {
  ticketId: number;
  status: TicketStatus;
  priority: TicketPriority;
  organizationId: number | null;
  teamId: number | null;
  assigneeId: number | null;
  /**
   * As the ticket started. Category, tags and custom fields are edited on the row, so the activities
   * that match rules read them there (`db/ticket-classification.ts`); this is their fallback.
   */
  category: string | null;
}

/** A pending escalation level: fire rule `ruleId` at `at` unless cancelled first. */
export interface PendingEscalation {
  key: string;
  ruleId: number;
  level: number;
  trigger: EscalationTrigger;
  target: SlaTargetName | null;
  at: number;
}

/** What an escalation rule decided when it was evaluated. */
export interface EscalationDecision {
  applies: boolean;
  ruleName: string;
  level: number;
  notifyUserIds: number[];
  reassign: { teamId: number | null; assigneeId: number | null } | null;
  raisePriorityTo: TicketPriority | null;
}

/** A change to persist: new lifecycle field values and the audit entry that explains it. */
export interface TicketChange {
  ticketId: number;
  /** Workflow id and what the write is: the audit entry's idempotency key, so a retry writes once. */
  idempotencyKey: string;
  version: number;
  fields: TicketLifecycleFields;
  event: { type: TicketEventType; actor: Actor; before: Record<string, unknown>; after: Record<string, unknown> };
  /** For warnings and breaches: also list the escalation levels this trigger starts (one step, not two). */
  escalationTrigger?: SlaEscalationTrigger;
}

/** The triggers an SLA timer fires. */
export type SlaEscalationTrigger = 'sla_warning' | 'first_response_breach' | 'resolution_breach';

/** An escalation level a trigger starts, with its delay; whether it still applies is decided when it is due. */
export interface EscalationLevel {
  ruleId: number;
  level: number;
  delaySeconds: number;
}

/** What `persistTicketChange` answers: the levels of `escalationTrigger`, if one was given. */
export interface PersistedChange {
  escalations: EscalationLevel[];
}

/** A notification to deliver to users (by e-mail and in-app) and optionally the team's Teams channel. */
export interface NotificationRequest {
  ticketId: number;
  /** Base of every delivery's idempotency key (workflow id + cause + template); channel and recipient are appended. */
  key: string;
  template: NotificationTemplate;
  userIds: number[];
  notifyTeamChannel: boolean;
  data: Record<string, string | number | null>;
}
