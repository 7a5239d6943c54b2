import { activities } from './activities.js';
import { applyChange, type AcceptedChange } from './changes.js';
import { systemActor, type Lifecycle } from './context.js';
import { notify, persist } from './records.js';
import { scheduleEscalations } from './sla-planning.js';
import { noUpdateKey, timerKey, type LifecycleState } from './state.js';
import type { NotificationTemplate } from './types.js';

/** Does everything that is due now: SLA warnings and breaches, idle nudges, escalation levels, auto-close. */
export async function fireDue(lc: Lifecycle): Promise<void> {
  const { s } = lc;
  const now = Date.now();
  for (const timer of [...s.timers]) {
    const key = timerKey(s.clock, timer);
    if (Date.parse(timer.at) > now || s.firedTimers.includes(key) || !s.clock) continue;
    s.firedTimers.push(key);
    const target = timer.target === 'first_response' ? s.clock.firstResponse : s.clock.resolution;
    if (target.metAt) continue;
    if (timer.kind === 'warning') {
      await persist(lc, 'sla_warning', systemActor, {}, { target: timer.target, fraction: timer.fraction, dueAt: target.dueAt }, {});
      await scheduleEscalations(lc, 'sla_warning', timer.target, now);
    } else {
      target.breachedAt = new Date(now).toISOString();
      s.ticket.slaBreached = true;
      await persist(lc, 'sla_breached', systemActor, { slaBreached: false }, { target: timer.target, dueAt: target.dueAt, breachedAt: target.breachedAt }, { slaBreached: true });
      await scheduleEscalations(lc, timer.target === 'first_response' ? 'first_response_breach' : 'resolution_breach', timer.target, now);
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
    const decision = await activities().evaluateEscalation({ facts: { ...s.ticket }, ruleId: pending.ruleId, trigger: pending.trigger });
    if (!decision.applies) continue;
    const detail = { ruleId: pending.ruleId, rule: decision.ruleName, level: decision.level, trigger: pending.trigger };
    const change: AcceptedChange = { actor: systemActor };
    if (decision.raisePriorityTo && decision.raisePriorityTo !== s.ticket.priority) change.priority = decision.raisePriorityTo;
    if (decision.reassign) {
      if (decision.reassign.teamId !== null) change.teamId = decision.reassign.teamId;
      if (decision.reassign.assigneeId !== null) change.assigneeId = decision.reassign.assigneeId;
    }
    if (change.priority !== undefined || change.teamId !== undefined || change.assigneeId !== undefined) {
      await applyChange(lc, change, 'escalation_change');
    }
    await persist(lc, 'escalated', systemActor, {}, detail, {});
    const template: NotificationTemplate = pending.trigger === 'sla_warning' ? 'warning' : pending.trigger === 'no_update' ? 'escalated' : 'breached';
    notify(lc, template, decision.notifyUserIds, { rule: decision.ruleName, level: decision.level, trigger: pending.trigger });
  }

  if (s.autoCloseAt !== null && s.autoCloseAt <= now && s.ticket.status === 'resolved') {
    await applyChange(lc, { status: 'closed', actor: systemActor }, 'auto_closed');
  }
}

/** Names what the timer at `at` is, for the SLA query. */
export function describeNext(s: LifecycleState, at: number): string {
  const timer = s.timers.find((t) => Date.parse(t.at) === at && !s.firedTimers.includes(timerKey(s.clock, t)));
  if (timer) return `${timer.target}_${timer.kind}`;
  if (s.pendingEscalations.some((e) => e.at === at)) return 'escalation';
  if (s.autoCloseAt === at) return 'auto_close';
  return 'no_update';
}
