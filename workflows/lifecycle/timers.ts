import { patched } from '@temporalio/workflow';
import { activities } from './activities.js';
import { applyChange, recordFirstResponse, type AcceptedChange } from './changes.js';
import { systemActor, type Lifecycle } from './context.js';
import { notify, persist } from './records.js';
import { scheduleEscalations } from './escalation-schedule.js';
import { noUpdateKey, timerKey, type LifecycleState } from './state.js';
import type { SlaTimer } from './types.js';
import type { NotificationTemplate } from '../../domain/notification-templates.js';

/**
 * The patch after which a first-response timer asks the database whether a public staff reply was made
 * by its moment before it warns or breaches. A reply made while Temporal is down waits in the outbox;
 * once Temporal is back, the overdue timer may reach the workflow before the reply's signal does, and
 * the workflow's own state would call a reply made in time a breach. Histories from before replay as
 * they ran.
 */
export const storedReplyCheckPatch = 'first-response-timer-checks-stored-replies';

/**
 * True when a public staff reply was made by the timer's moment (its signal still on its way): it is
 * recorded as the first response, at its own time, instead of the warning or breach.
 */
async function answeredInTime(lifecycle: Lifecycle, timer: SlaTimer): Promise<boolean> {
  if (timer.target !== 'first_response' || !patched(storedReplyCheckPatch)) return false;
  // Read through an activity, so the answer is in history and a replay takes the same branch.
  const reply = await activities().findStaffReplyBy({ ticketId: lifecycle.state.ticket.ticketId, by: timer.at });
  if (!reply) return false;
  // Keyed by the message, like the signal's own write: when the signal comes it finds the first
  // response met and only does the rest (opens a new ticket, tells the customer).
  await recordFirstResponse(lifecycle, reply);
  lifecycle.wake();
  return true;
}

/**
 * Does everything that is due by `asOf` (now by default): SLA warnings and breaches, idle nudges,
 * escalation levels, auto-close.
 */
export async function fireDue(lifecycle: Lifecycle, asOf = Date.now()): Promise<void> {
  const { state } = lifecycle;
  const now = asOf;
  for (const timer of [...state.timers]) {
    const key = timerKey(state.clock, timer);
    if (Date.parse(timer.at) > now || state.firedTimers.includes(key) || !state.clock) continue;
    state.firedTimers.push(key);
    const target = timer.target === 'first_response' ? state.clock.firstResponse : state.clock.resolution;
    if (target.metAt) continue;
    if (await answeredInTime(lifecycle, timer)) continue;
    if (timer.kind === 'warning') {
      const levels = await persist(lifecycle, {
        what: `timer:${key}`,
        type: 'sla_warning',
        escalationTrigger: 'sla_warning',
        actor: systemActor,
        before: {},
        after: { target: timer.target, fraction: timer.fraction, dueAt: target.dueAt },
        fields: {},
      });
      await scheduleEscalations(lifecycle, 'sla_warning', timer.target, now, levels);
    } else {
      target.breachedAt = new Date(now).toISOString();
      state.ticket.slaBreached = true;
      const trigger = timer.target === 'first_response' ? 'first_response_breach' : 'resolution_breach';
      const levels = await persist(lifecycle, {
        what: `timer:${key}`,
        type: 'sla_breached',
        escalationTrigger: trigger,
        actor: systemActor,
        before: { slaBreached: false },
        after: { target: timer.target, dueAt: target.dueAt, breachedAt: target.breachedAt },
        fields: { slaBreached: true },
      });
      await scheduleEscalations(lifecycle, trigger, timer.target, now, levels);
    }
  }

  for (const rule of state.noUpdateRules) {
    const key = noUpdateKey(state, rule);
    if (state.lastUpdateAt + rule.delaySeconds * 1000 > now || state.firedNoUpdate.includes(key)) continue;
    if (state.ticket.status === 'resolved' || state.ticket.status === 'closed') continue;
    state.firedNoUpdate.push(key);
    state.pendingEscalations.push({
      key: `no_update:${key}`,
      ruleId: rule.ruleId,
      level: rule.level,
      trigger: 'no_update',
      target: null,
      at: now,
    });
  }

  for (const pending of state.pendingEscalations.filter((e) => e.at <= now)) {
    state.pendingEscalations = state.pendingEscalations.filter((e) => e.key !== pending.key);
    const decision = await activities().evaluateEscalation({
      facts: { ...state.ticket },
      ruleId: pending.ruleId,
      trigger: pending.trigger,
    });
    if (!decision.applies) continue;
    const cause = `escalation:${pending.key}`;
    const detail = { ruleId: pending.ruleId, rule: decision.ruleName, level: decision.level, trigger: pending.trigger };
    const change: AcceptedChange = { actor: systemActor };
    if (decision.raisePriorityTo && decision.raisePriorityTo !== state.ticket.priority)
      change.priority = decision.raisePriorityTo;
    if (decision.reassign) {
      if (decision.reassign.teamId !== null) change.teamId = decision.reassign.teamId;
      if (decision.reassign.assigneeId !== null) change.assigneeId = decision.reassign.assigneeId;
    }
    if (change.priority !== undefined || change.teamId !== undefined || change.assigneeId !== undefined) {
      await applyChange(lifecycle, change, cause, 'escalation_change');
    }
    await persist(lifecycle, {
      what: `${cause}:escalated`,
      type: 'escalated',
      actor: systemActor,
      before: {},
      after: detail,
      fields: {},
    });
    const template: NotificationTemplate =
      pending.trigger === 'sla_warning' ? 'warning' : pending.trigger === 'no_update' ? 'escalated' : 'breached';
    notify(lifecycle, {
      what: cause,
      template,
      userIds: decision.notifyUserIds,
      data: { rule: decision.ruleName, level: decision.level, trigger: pending.trigger },
    });
  }

  if (state.autoCloseAt !== null && state.autoCloseAt <= now && state.ticket.status === 'resolved') {
    const cause = `auto_close:${state.ticket.resolvedAt ?? state.autoCloseAt}`;
    await applyChange(lifecycle, { status: 'closed', actor: systemActor }, cause, 'auto_closed');
  }
}

/** Names what the timer at `at` is, for the SLA query. */
export function describeNext(state: LifecycleState, at: number): string {
  const timer = state.timers.find(
    (candidate) => Date.parse(candidate.at) === at && !state.firedTimers.includes(timerKey(state.clock, candidate)),
  );
  if (timer) return `${timer.target}_${timer.kind}`;
  if (state.pendingEscalations.some((e) => e.at === at)) return 'escalation';
  if (state.autoCloseAt === at) return 'auto_close';
  return 'no_update';
}
