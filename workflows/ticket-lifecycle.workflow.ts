import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { activities } from './lifecycle/activities.js';
import { applyChange, assertChangeAllowed, assignAutomatically, onMessage } from './lifecycle/changes.js';
import { isoNow, systemActor, type Lifecycle } from './lifecycle/context.js';
import {
  changeTicketUpdate,
  messageAddedSignal,
  reassignSignal,
  slaConfigChangedSignal,
  slaStateQuery,
  ticketStateQuery,
  type SlaSnapshot,
  type TicketLifecycleInput,
  type TicketWorkflowState,
} from './lifecycle/definitions.js';
import { createLock } from './lifecycle/lock.js';
import { drainNotifications, notify, persist } from './lifecycle/records.js';
import { replanSla, slaFields } from './lifecycle/sla-planning.js';
import { clockRuns, initialState, nextWakeUp, viewOf, type LifecycleState } from './lifecycle/state.js';
import { describeNext, fireDue } from './lifecycle/timers.js';

export type { TicketLifecycleInput, TicketWorkflowState };

/** One durable workflow per ticket, id `ticket-<id>`: the single writer of its lifecycle fields. */
export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketWorkflowState> {
  let woken = false;
  const lc: Lifecycle = {
    s: (input.carried as LifecycleState | undefined) ?? initialState(input, Date.now()),
    workflowId: workflowInfo().workflowId,
    wake: () => void (woken = true),
  };
  const { s } = lc;
  const withLock = createLock();

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
        assertChangeAllowed(lc, req);
        const { expectedVersion: _ignored, ...change } = req;
        // A move to another team without a named agent is routed within that team.
        if (change.assigneeId === undefined && change.teamId !== undefined && change.teamId !== s.ticket.teamId) {
          await applyChange(lc, change);
          await assignAutomatically(lc, req.actor);
        } else await applyChange(lc, change);
        return viewOf(s);
      }),
    { validator: (req) => assertChangeAllowed(lc, req) },
  );
  setHandler(messageAddedSignal, (m) => withLock(() => onMessage(lc, m)));
  setHandler(slaConfigChangedSignal, () =>
    withLock(async () => {
      if (s.ticket.status === 'closed') return;
      const sla = await replanSla(lc, 'policy or calendar edited');
      lc.wake(); // timers may have moved even when the deadlines did not
      const { reason: _reason, ...after } = sla.after;
      // An edit that leaves this ticket's policy and deadlines as they were changes nothing here.
      if (JSON.stringify(sla.before) === JSON.stringify(after)) return;
      await persist(lc, 'sla_recalculated', systemActor, sla.before, sla.after, slaFields(lc));
    }),
  );
  setHandler(reassignSignal, ({ excludeUserId, actor }) =>
    withLock(async () => {
      if (s.ticket.assigneeId !== excludeUserId || s.ticket.status === 'closed' || s.ticket.status === 'resolved') return;
      await assignAutomatically(lc, actor, [excludeUserId]);
    }),
  );

  if (!input.carried) {
    await withLock(async () => {
      await activities().recordWorkflowStarted({ ticketId: s.ticket.ticketId, workflowId: lc.workflowId });
      if (s.ticket.status === 'closed') return;
      await replanSla(lc, 'ticket created');
      await persist(lc, 'sla_planned', systemActor, {}, { policyId: s.clock?.policyId ?? null }, slaFields(lc));
      if (s.ticket.status === 'resolved') {
        const { autoCloseSeconds } = await activities().loadLifecycleSettings();
        s.autoCloseAt = Date.parse(s.ticket.resolvedAt ?? isoNow()) + autoCloseSeconds * 1000;
      }
      if (s.ticket.status === 'new') notify(lc, 'created', [s.ticket.requesterId], {}, true);
      if (s.ticket.assigneeId === null && (s.ticket.status === 'new' || s.ticket.status === 'open')) await assignAutomatically(lc, systemActor);
    });
  }

  // The main loop sleeps until the next timer, a change from a handler, or queued notifications.
  while (s.ticket.status !== 'closed') {
    await drainNotifications(lc);
    const next = nextWakeUp(s);
    woken = false;
    const timedOut = !(await condition(() => woken || s.notifications.length > 0, next === null ? undefined : Math.max(1, next - Date.now())));
    if (timedOut) await withLock(() => fireDue(lc));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await drainNotifications(lc);
      await continueAsNew<typeof ticketLifecycle>({ ...input, carried: s });
    }
  }
  await drainNotifications(lc);
  await condition(allHandlersFinished);
  return viewOf(s);
}
