import type { TicketStatus } from '../../domain/ticket-status.js';
import type { TicketLifecycleInput, TicketWorkflowState } from './definitions.js';
import type { NoUpdateRule, NotificationRequest, PendingEscalation, SlaClock, SlaTimer, TicketFacts } from './types.js';

/** Everything the workflow has decided about its ticket; carried across continue-as-new. */
export interface LifecycleState {
  ticket: TicketFacts & {
    number: string;
    requesterId: number;
    version: number;
    slaBreached: boolean;
    createdAt: string;
    firstRespondedAt: string | null;
    resolvedAt: string | null;
  };
  clock: SlaClock | null;
  timers: SlaTimer[];
  /** Keys of SLA timers that already fired (a warning or breach fires once per policy). */
  firedTimers: string[];
  noUpdateRules: NoUpdateRule[];
  /** Epoch ms of the last reply, note or change: the "no update for N" clock. */
  lastUpdateAt: number;
  firedNoUpdate: string[];
  pendingEscalations: PendingEscalation[];
  autoCloseAt: number | null;
  /** Counter for step keys: workflow id + step is the idempotency key of each persisted change. */
  step: number;
  notifications: NotificationRequest[];
}

/** The state a brand-new workflow starts with, from the committed row. */
export function initialState(input: TicketLifecycleInput, now: number): LifecycleState {
  return {
    ticket: {
      ticketId: input.ticketId,
      number: input.number,
      status: input.status,
      priority: input.priority,
      teamId: input.teamId,
      assigneeId: input.assigneeId,
      organizationId: input.organizationId,
      category: input.category,
      requesterId: input.requesterId,
      version: input.version,
      slaBreached: false,
      createdAt: input.createdAt,
      firstRespondedAt: input.firstRespondedAt,
      resolvedAt: input.resolvedAt,
    },
    clock: null,
    timers: [],
    firedTimers: [],
    noUpdateRules: [],
    lastUpdateAt: now,
    firedNoUpdate: [],
    pendingEscalations: [],
    autoCloseAt: null,
    step: 0,
    notifications: [],
  };
}

/** The public view answered by the state query and returned by updates. */
export function viewOf(s: LifecycleState): TicketWorkflowState {
  return {
    ticketId: s.ticket.ticketId,
    number: s.ticket.number,
    status: s.ticket.status,
    priority: s.ticket.priority,
    teamId: s.ticket.teamId,
    assigneeId: s.ticket.assigneeId,
    version: s.ticket.version,
    slaBreached: s.ticket.slaBreached,
    firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: s.clock?.resolution.dueAt ?? null,
  };
}

/** The key under which an SLA timer is remembered as fired. */
export function timerKey(clock: SlaClock | null, timer: SlaTimer): string {
  return `${clock?.policyId ?? 0}:${timer.kind}:${timer.target}:${timer.fraction ?? ''}`;
}

/** True when the SLA clock counts in `status` under the current policy. */
export function clockRuns(clock: SlaClock | null, status: TicketStatus): boolean {
  if (!clock) return false;
  return status !== 'resolved' && status !== 'closed' && !clock.pauseStatuses.includes(status);
}

/** The next moment anything is due: an SLA timer, an escalation level, an idle nudge, or auto-close. */
export function nextWakeUp(s: LifecycleState): number | null {
  const candidates: number[] = [];
  for (const t of s.timers) if (!s.firedTimers.includes(timerKey(s.clock, t))) candidates.push(Date.parse(t.at));
  for (const e of s.pendingEscalations) candidates.push(e.at);
  if (s.ticket.status !== 'resolved' && s.ticket.status !== 'closed') {
    for (const r of s.noUpdateRules) if (!s.firedNoUpdate.includes(noUpdateKey(s, r))) candidates.push(s.lastUpdateAt + r.delaySeconds * 1000);
  }
  if (s.autoCloseAt !== null) candidates.push(s.autoCloseAt);
  return candidates.length ? Math.min(...candidates) : null;
}

/** A "no update" rule fires once per idle period, which starts at the last update. */
export function noUpdateKey(s: LifecycleState, rule: NoUpdateRule): string {
  return `${rule.ruleId}:${s.lastUpdateAt}`;
}

