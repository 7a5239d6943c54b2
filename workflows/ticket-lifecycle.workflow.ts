import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor } from '../domain/ticket-event-types.js';
import { canTransition, describeRefusedTransition } from '../domain/ticket-status.js';
import type { TicketActivities } from './activities/index.js';
import {
  changeFailure,
  changeTicketUpdate,
  messageAddedSignal,
  reassignSignal,
  slaConfigChangedSignal,
  slaStateQuery,
  ticketStateQuery,
  type MessageAdded,
  type SlaSnapshot,
  type TicketChangeRequest,
  type TicketLifecycleInput,
  type TicketWorkflowState,
} from './lifecycle/definitions.js';
import { createLock } from './lifecycle/lock.js';
import { clockRuns, initialState, nextWakeUp, noUpdateKey, timerKey, viewOf, type LifecycleState } from './lifecycle/state.js';
import type { NotificationTemplate, SlaTargetName, TicketChange } from './lifecycle/types.js';
import * as attrs from './search-attributes.js';

export type { TicketLifecycleInput, TicketWorkflowState };

const activities = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Deliveries talk to SendGrid and Teams: back off longer, and give up after a while (the
// delivery log keeps the failure) rather than block the ticket's lifecycle forever.
const notifier = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});

const systemActor: Actor = { userId: null, source: 'workflow' };
const isoNow = () => new Date(Date.now()).toISOString();

/** One durable workflow per ticket, id `ticket-<id>`: the single writer of its lifecycle fields. */
export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketWorkflowState> {
  const s: LifecycleState = (input.carried as LifecycleState | undefined) ?? initialState(input, Date.now());
  const workflowId = workflowInfo().workflowId;
  const withLock = createLock();
  let woken = false;

  // ---- persisting and announcing changes --------------------------------------------------

  async function persist(type: string, actor: Actor, before: Record<string, unknown>, after: Record<string, unknown>, fields: TicketChange['fields']) {
    s.ticket.version += 1;
    await activities.persistTicketChange({
      ticketId: s.ticket.ticketId,
      stepKey: `${workflowId}:${s.step++}`,
      version: s.ticket.version,
      fields,
      event: { type, actor, before, after },
    });
    upsertSearchAttributes([
      { key: attrs.TicketStatus, value: s.ticket.status },
      { key: attrs.TicketPriority, value: s.ticket.priority },
      { key: attrs.TeamId, value: s.ticket.teamId === null ? '' : String(s.ticket.teamId) },
      { key: attrs.AssigneeId, value: s.ticket.assigneeId === null ? '' : String(s.ticket.assigneeId) },
      { key: attrs.SlaBreached, value: s.ticket.slaBreached },
      { key: attrs.FirstResponseDue, value: s.clock?.firstResponse.dueAt ? new Date(s.clock.firstResponse.dueAt) : null },
      { key: attrs.ResolutionDue, value: s.clock?.resolution.dueAt ? new Date(s.clock.resolution.dueAt) : null },
    ]);
  }

  function notify(template: NotificationTemplate, userIds: (number | null)[], data: Record<string, string | number | null> = {}, notifyTeamChannel = false) {
    const recipients = [...new Set(userIds.filter((id): id is number => id !== null))];
    if (recipients.length === 0 && !notifyTeamChannel) return;
    s.notifications.push({ ticketId: s.ticket.ticketId, key: `${workflowId}:${s.step++}:${template}`, template, userIds: recipients, notifyTeamChannel, data });
  }

  async function drainNotifications() {
    while (s.notifications.length > 0) {
      const next = s.notifications[0]!;
      try {
        await notifier.deliverNotifications(next);
      } catch {
        // Retries are exhausted; the delivery log records the failure. The lifecycle goes on.
      }
      s.notifications.shift();
    }
  }

  // ---- SLA ----------------------------------------------------------------------------------

  async function replanSla(reason: string): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
    const before = { policyId: s.clock?.policyId ?? null, firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null, resolutionDueAt: s.clock?.resolution.dueAt ?? null };
    const plan = await activities.planSla({
      facts: { ...s.ticket },
      previous: s.clock,
      at: isoNow(),
      history: { createdAt: s.ticket.createdAt, firstRespondedAt: s.ticket.firstRespondedAt, resolvedAt: s.ticket.resolvedAt },
    });
    s.clock = plan.clock;
    s.timers = plan.timers;
    s.noUpdateRules = plan.noUpdateRules;
    const after = { policyId: s.clock?.policyId ?? null, firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null, resolutionDueAt: s.clock?.resolution.dueAt ?? null, reason };
    return { before, after };
  }

  function slaFields(): TicketChange['fields'] {
    return {
      slaPolicyId: s.clock?.policyId ?? null,
      firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null,
      resolutionDueAt: s.clock?.resolution.dueAt ?? null,
      slaBreached: s.ticket.slaBreached,
    };
  }

  function cancelEscalations(target: SlaTargetName | 'all') {
    s.pendingEscalations = s.pendingEscalations.filter((e) => e.trigger === 'no_update' || (target !== 'all' && e.target !== target));
  }

  async function scheduleEscalations(trigger: 'sla_warning' | 'first_response_breach' | 'resolution_breach', target: SlaTargetName, firedAt: number) {
    const rules = await activities.planEscalations({ ticketId: s.ticket.ticketId, trigger });
    for (const rule of rules) {
      const key = `${trigger}:${target}:${rule.ruleId}:${s.clock?.policyId ?? 0}`;
      if (s.pendingEscalations.some((e) => e.key === key)) continue;
      s.pendingEscalations.push({ key, ruleId: rule.ruleId, level: rule.level, trigger, target, at: firedAt + rule.delaySeconds * 1000 });
    }
  }

  // ---- changes ------------------------------------------------------------------------------

  function refuse(type: string, message: string): never {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  }

  function assertChangeAllowed(req: TicketChangeRequest) {
    if (s.ticket.status === 'closed') refuse(changeFailure.closed, `${s.ticket.number} is closed; closed tickets cannot change.`);
    if (req.expectedVersion !== undefined && req.expectedVersion !== s.ticket.version) {
      refuse(changeFailure.staleVersion, `${s.ticket.number} changed since you loaded it (version ${req.expectedVersion}, now ${s.ticket.version}); reload and try again.`);
    }
    if (req.status !== undefined && req.status !== s.ticket.status && !canTransition(s.ticket.status, req.status)) {
      refuse(changeFailure.invalidTransition, describeRefusedTransition(s.ticket.status, req.status));
    }
  }

  /** Applies new lifecycle values: status side effects, SLA replanning, one persisted change, notifications. */
  async function applyChange(req: Omit<TicketChangeRequest, 'expectedVersion'>, eventType?: string) {
    const t = s.ticket;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const fields: TicketChange['fields'] = {};
    const previousStatus = t.status;
    const wasRunning = clockRuns(s.clock, t.status);
    const now = Date.now();

    if (req.status !== undefined && req.status !== t.status) {
      before.status = t.status;
      after.status = req.status;
      t.status = req.status;
      fields.status = req.status;
    }
    if (req.priority !== undefined && req.priority !== t.priority) {
      before.priority = t.priority;
      after.priority = req.priority;
      t.priority = req.priority;
      fields.priority = req.priority;
    }
    if (req.teamId !== undefined && req.teamId !== t.teamId) {
      before.teamId = t.teamId;
      after.teamId = req.teamId;
      t.teamId = req.teamId;
      fields.teamId = req.teamId;
    }
    if (req.assigneeId !== undefined && req.assigneeId !== t.assigneeId) {
      before.assigneeId = t.assigneeId;
      after.assigneeId = req.assigneeId;
      t.assigneeId = req.assigneeId;
      fields.assigneeId = req.assigneeId;
    }
    if (Object.keys(after).length === 0) return;

    if (fields.status === 'resolved') {
      t.resolvedAt = new Date(now).toISOString();
      fields.resolvedAt = t.resolvedAt;
      const { autoCloseSeconds } = await activities.loadLifecycleSettings();
      s.autoCloseAt = now + autoCloseSeconds * 1000;
      cancelEscalations('all');
    } else if (fields.status !== undefined && previousStatus === 'resolved') {
      s.autoCloseAt = null;
      t.resolvedAt = null;
      fields.resolvedAt = null;
    }
    if (fields.status === 'closed') {
      fields.closedAt = new Date(now).toISOString();
      s.autoCloseAt = null;
      cancelEscalations('all');
    }

    const pauseChanged = wasRunning !== clockRuns(s.clock, t.status);
    if (fields.priority !== undefined || fields.teamId !== undefined || pauseChanged || fields.status === 'resolved' || previousStatus === 'resolved') {
      const sla = await replanSla(fields.priority !== undefined ? 'priority changed' : fields.teamId !== undefined ? 'team changed' : `status ${t.status}`);
      after.sla = sla.after;
      before.sla = sla.before;
      Object.assign(fields, slaFields());
    }
    s.lastUpdateAt = now;
    s.firedNoUpdate = [];

    if (fields.status) after.changedAt = new Date(now).toISOString();
    const type = eventType ?? (fields.status ? 'status_changed' : fields.assigneeId !== undefined ? 'assigned' : fields.priority ? 'priority_changed' : 'team_changed');
    await persist(type, req.actor, before, after, fields);

    if (fields.assigneeId) notify('assigned', [fields.assigneeId], { status: t.status });
    if (fields.status === 'resolved') notify('resolved', [t.requesterId]);
    if (fields.status === 'closed') notify('closed', [t.requesterId]);
    woken = true;
  }

  async function assignAutomatically(actor: Actor, excludeUserIds: number[] = []) {
    const choice = await activities.chooseAssignment({ facts: { ...s.ticket }, excludeUserIds });
    await applyChange({ teamId: choice.teamId, assigneeId: choice.assigneeId, actor }, 'assigned');
  }

  async function onMessage(m: MessageAdded) {
    s.lastUpdateAt = Date.parse(m.at);
    s.firedNoUpdate = [];
    if (m.internal) return;
    const t = s.ticket;
    const actor: Actor = { userId: m.authorId, source: m.source };
    if (m.byStaff) {
      if (s.clock && !s.clock.firstResponse.metAt && !t.firstRespondedAt) {
        t.firstRespondedAt = m.at;
        s.clock.firstResponse.metAt = m.at;
        cancelEscalations('first_response');
        s.timers = s.timers.filter((timer) => timer.target !== 'first_response');
        await persist('first_response_met', actor, { firstRespondedAt: null }, { firstRespondedAt: m.at }, { firstRespondedAt: m.at });
      } else if (!t.firstRespondedAt) {
        t.firstRespondedAt = m.at;
        await persist('first_response_met', actor, { firstRespondedAt: null }, { firstRespondedAt: m.at }, { firstRespondedAt: m.at });
      }
      if (t.status === 'new') await applyChange({ status: 'open', actor });
      notify('replied', [t.requesterId], { messageId: m.messageId });
    } else {
      // A customer's reply reopens a resolved ticket and ends the wait on a pending one.
      if (t.status === 'resolved' || t.status === 'pending') await applyChange({ status: 'open', actor }, 'reopened_by_reply');
      notify('replied', [t.assigneeId], { messageId: m.messageId });
    }
  }

  // ---- timers -----------------------------------------------------------------------------

  async function fireDue() {
    const now = Date.now();
    for (const timer of [...s.timers]) {
      const key = timerKey(s.clock, timer);
      if (Date.parse(timer.at) > now || s.firedTimers.includes(key) || !s.clock) continue;
      s.firedTimers.push(key);
      const target = timer.target === 'first_response' ? s.clock.firstResponse : s.clock.resolution;
      if (target.metAt) continue;
      if (timer.kind === 'warning') {
        await persist('sla_warning', systemActor, {}, { target: timer.target, fraction: timer.fraction, dueAt: target.dueAt }, {});
        await scheduleEscalations('sla_warning', timer.target, now);
      } else {
        target.breachedAt = new Date(now).toISOString();
        s.ticket.slaBreached = true;
        await persist('sla_breached', systemActor, { slaBreached: false }, { target: timer.target, dueAt: target.dueAt, breachedAt: target.breachedAt }, { slaBreached: true });
        await scheduleEscalations(timer.target === 'first_response' ? 'first_response_breach' : 'resolution_breach', timer.target, now);
      }
    }

    for (const rule of s.noUpdateRules) {
      const key = noUpdateKey(s, rule);
      if (s.lastUpdateAt + rule.delaySeconds * 1000 > now || s.firedNoUpdate.includes(key)) continue;
      if (s.ticket.status === 'resolved' || s.ticket.status === 'closed') continue;
      s.firedNoUpdate.push(key);
      s.pendingEscalations.push({ key: `no_update:${key}`, ruleId: rule.ruleId, level: rule.level, trigger: 'no_update', target: null, at: now });
    }

    for (const pending of s.pendingEscalations.filter((e) => e.at <= now)) {
      s.pendingEscalations = s.pendingEscalations.filter((e) => e.key !== pending.key);
      const decision = await activities.evaluateEscalation({ facts: { ...s.ticket }, ruleId: pending.ruleId, trigger: pending.trigger });
      if (!decision.applies) continue;
      const detail = { ruleId: pending.ruleId, rule: decision.ruleName, level: decision.level, trigger: pending.trigger };
      const change: Omit<TicketChangeRequest, 'expectedVersion'> = { actor: systemActor };
      if (decision.raisePriorityTo && decision.raisePriorityTo !== s.ticket.priority) change.priority = decision.raisePriorityTo;
      if (decision.reassign) {
        if (decision.reassign.teamId !== null) change.teamId = decision.reassign.teamId;
        if (decision.reassign.assigneeId !== null) change.assigneeId = decision.reassign.assigneeId;
      }
      if (change.priority !== undefined || change.teamId !== undefined || change.assigneeId !== undefined) {
        await applyChange(change, 'escalation_change');
      }
      await persist('escalated', systemActor, {}, detail, {});
      const template: NotificationTemplate = pending.trigger === 'sla_warning' ? 'warning' : pending.trigger === 'no_update' ? 'escalated' : 'breached';
      notify(template, decision.notifyUserIds, { rule: decision.ruleName, level: decision.level, trigger: pending.trigger });
    }

    if (s.autoCloseAt !== null && s.autoCloseAt <= now && s.ticket.status === 'resolved') {
      await applyChange({ status: 'closed', actor: systemActor }, 'auto_closed');
    }
  }

  // ---- handlers ---------------------------------------------------------------------------

  setHandler(ticketStateQuery, () => viewOf(s));
  setHandler(slaStateQuery, (): SlaSnapshot => {
    const next = nextWakeUp(s);
    return {
      clock: s.clock,
      paused: !clockRuns(s.clock, s.ticket.status),
      breached: s.ticket.slaBreached,
      nextTimer: next === null ? null : { kind: describeNext(s, next), at: new Date(next).toISOString() },
      now: isoNow(),
    };
  });
  setHandler(
    changeTicketUpdate,
    (req) =>
      withLock(async () => {
        assertChangeAllowed(req);
        const { expectedVersion: _ignored, ...change } = req;
        if (change.assigneeId === undefined && change.teamId !== undefined && change.teamId !== s.ticket.teamId) {
          await applyChange(change);
          await assignAutomatically(req.actor);
        } else await applyChange(change);
        return viewOf(s);
      }),
    { validator: assertChangeAllowed },
  );
  setHandler(messageAddedSignal, (m) => withLock(() => onMessage(m)));
  setHandler(slaConfigChangedSignal, () =>
    withLock(async () => {
      if (s.ticket.status === 'closed') return;
      const sla = await replanSla('policy or calendar edited');
      woken = true; // timers may have moved even when the deadlines did not
      const { reason: _reason, ...after } = sla.after;
      // An edit that leaves this ticket's policy and deadlines as they were changes nothing here.
      if (JSON.stringify(sla.before) === JSON.stringify(after)) return;
      await persist('sla_recalculated', systemActor, sla.before, sla.after, slaFields());
    }),
  );
  setHandler(reassignSignal, ({ excludeUserId, actor }) =>
    withLock(async () => {
      if (s.ticket.assigneeId !== excludeUserId || s.ticket.status === 'closed' || s.ticket.status === 'resolved') return;
      await assignAutomatically(actor, [excludeUserId]);
    }),
  );

  // ---- the lifecycle ----------------------------------------------------------------------

  if (!input.carried) {
    await withLock(async () => {
      await activities.recordWorkflowStarted({ ticketId: s.ticket.ticketId, workflowId });
      if (s.ticket.status === 'closed') return;
      await replanSla('ticket created');
      await persist('sla_planned', systemActor, {}, { policyId: s.clock?.policyId ?? null }, slaFields());
      if (s.ticket.status === 'resolved') {
        const { autoCloseSeconds } = await activities.loadLifecycleSettings();
        s.autoCloseAt = Date.parse(s.ticket.resolvedAt ?? isoNow()) + autoCloseSeconds * 1000;
      }
      if (s.ticket.status === 'new') notify('created', [s.ticket.requesterId], {}, true);
      if (s.ticket.assigneeId === null && (s.ticket.status === 'new' || s.ticket.status === 'open')) await assignAutomatically(systemActor);
    });
  }

  while (s.ticket.status !== 'closed') {
    await drainNotifications();
    const next = nextWakeUp(s);
    woken = false;
    const timedOut = !(await condition(() => woken || s.notifications.length > 0, next === null ? undefined : Math.max(1, next - Date.now())));
    if (timedOut) await withLock(fireDue);
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await drainNotifications();
      await continueAsNew<typeof ticketLifecycle>({ ...input, carried: s });
    }
  }
  await drainNotifications();
  await condition(allHandlersFinished);
  return viewOf(s);
}

function describeNext(s: LifecycleState, at: number): string {
  const timer = s.timers.find((t) => Date.parse(t.at) === at && !s.firedTimers.includes(timerKey(s.clock, t)));
  if (timer) return `${timer.target}_${timer.kind}`;
  if (s.pendingEscalations.some((e) => e.at === at)) return 'escalation';
  if (s.autoCloseAt === at) return 'auto_close';
  return 'no_update';
}
