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
  /** Counter for the step keys of workflows started before writes were keyed by what they are. */
  step: number;
  /** Messages already applied (the signal may be delivered more than once); absent in older runs. */
  appliedMessageIds?: number[];
  /**
   * The newest `fields_edited` audit entry whose `classificationChanged` signal was applied: the
   * outbox delivers a ticket's entries in order and may repeat one, so anything up to it is done.
   * Absent until the first such signal.
   */
  classificationAppliedUpTo?: number;
  /** How many SLA plans this ticket has had: names each recalculation. Absent in older runs. */
  slaPlans?: number;
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
    appliedMessageIds: [],
    slaPlans: 0,
    notifications: [],
  };
}

/** The public view answered by the state query and returned by updates. */
export function viewOf(state: LifecycleState): TicketWorkflowState {
  return {
    ticketId: state.ticket.ticketId,
    number: state.ticket.number,
    status: state.ticket.status,
    priority: state.ticket.priority,
    teamId: state.ticket.teamId,
    assigneeId: state.ticket.assigneeId,
    version: state.ticket.version,
    slaBreached: state.ticket.slaBreached,
    firstResponseDueAt: state.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: state.clock?.resolution.dueAt ?? null,
  };
}

/** The key under which an SLA timer is remembered as fired. */
export function timerKey(clock: SlaClock | null, timer: SlaTimer): string {
  return `${clock?.policyId ?? 0}:${timer.kind}:${timer.target}:${timer.fraction ?? ''}`;
}

// The SLA clock's rule lives in the domain, shared with the SLA activity, the API and the portal.
export { clockRuns } from '../../domain/sla-clock.js';

/** The next moment anything is due: an SLA timer, an escalation level, an idle nudge, or auto-close. */
export function nextWakeUp(state: LifecycleState): number | null {
  const candidates: number[] = [];
  for (const timer of state.timers)
    if (!state.firedTimers.includes(timerKey(state.clock, timer))) candidates.push(Date.parse(timer.at));
  for (const e of state.pendingEscalations) candidates.push(e.at);
  if (state.ticket.status !== 'resolved' && state.ticket.status !== 'closed') {
    for (const r of state.noUpdateRules)
      if (!state.firedNoUpdate.includes(noUpdateKey(state, r)))
        candidates.push(state.lastUpdateAt + r.delaySeconds * 1000);
  }
  if (state.autoCloseAt !== null) candidates.push(state.autoCloseAt);
  return candidates.length ? Math.min(...candidates) : null;
}

/** A "no update" rule fires once per idle period, which starts at the last update. */
export function noUpdateKey(state: LifecycleState, rule: NoUpdateRule): string {
  return `${rule.ruleId}:${state.lastUpdateAt}`;
}
