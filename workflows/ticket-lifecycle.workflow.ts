import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { applyChange, assertChangeAllowed, assignAutomatically, onMessage } from './lifecycle/changes.js';
import { classificationChangedPatch, onClassificationChanged } from './lifecycle/classification.js';
import { isoNow, systemActor, type Lifecycle } from './lifecycle/context.js';
import { startUp, startupFirstPatch } from './lifecycle/start-up.js';
import {
  changeTicketUpdate,
  classificationChangedSignal,
  mergedFromSignal,
  mergedIntoSignal,
  messageAddedSignal,
  reassignSignal,
  slaConfigChangedSignal,
  slaStateQuery,
  ticketStateQuery,
  type SlaSnapshot,
  type TicketLifecycleInput,
  type TicketWorkflowState,
} from './lifecycle/definitions.js';
import { createLock, createQueue } from './lifecycle/lock.js';
import { onMergedFrom, onMergedInto } from './lifecycle/merge.js';
import { drainNotifications, persist } from './lifecycle/records.js';
import { replanSla, slaFields } from './lifecycle/apply-sla-plan.js';
import { clockRuns, initialState, nextWakeUp, viewOf, type LifecycleState } from './lifecycle/state.js';
import { describeNext, fireDue } from './lifecycle/timers.js';

export type { TicketLifecycleInput, TicketWorkflowState };

/**
 * Workflows with this marker end their wait as soon as their ticket is closed. Before it, a handler that
 * closed the ticket while the main loop was delivering notifications woke a loop that then went back to
 * sleep (it resets its wake-up flag after delivering), leaving a closed ticket's workflow running.
 */
export const closingEndsWaitPatch = 'closing-ends-wait';

/**
 * Workflows with this marker deliver what their last handlers queued before they complete. Before it,
 * a handler that closed the ticket and then queued a notice (a merge tells the requester where to
 * follow) could let the main loop end first: the notice was queued after the last delivery and never sent.
 */
export const noticesAfterHandlersPatch = 'notices-after-handlers';

/** One durable workflow per ticket, id `ticket-<id>`: the single writer of its lifecycle fields. */
export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketWorkflowState> {
  // Asked once, first thing: a workflow keeps the behaviour it started with for its whole run.
  const startupFirst = patched(startupFirstPatch);
  const closingEndsWait = patched(closingEndsWaitPatch);
  const noticesAfterHandlers = patched(noticesAfterHandlersPatch);
  let woken = false;
  const lifecycle: Lifecycle = {
    state: (input.carried as LifecycleState | undefined) ?? initialState(input, Date.now()),
    workflowId: workflowInfo().workflowId,
    keysByWhat: startupFirst,
    wake: () => void (woken = true),
  };
  const { state } = lifecycle;
  // A run continued from one that predates the message check starts checking from here on.
  if (startupFirst) state.appliedMessageIds ??= [];
  const withLock = startupFirst ? createQueue() : createLock();
  // Queued before any signal or update handler exists, so a reply delivered with the start (or
  // right after it) is applied after the policy, the deadlines and the creation notice.
  let startedUp: Promise<void> | undefined;
  if (startupFirst && !input.carried) startedUp = withLock(() => startUp(lifecycle));

  /**
   * A timer that fired in the same workflow task as a signal or update is handled after it (Temporal
   * hands over signals first), and a worker that died may have left a breach half-recorded. So a
   * handler first does what fell due before its event: a reply made after the deadline follows the
   * breach, one made before it (even if delivered late) comes first and prevents it.
   */
  const catchUp = async (eventAt: number) => {
    const next = nextWakeUp(state);
    if (!startupFirst || next === null || next > eventAt) return;
    await fireDue(lifecycle, Math.min(eventAt, Date.now()));
    lifecycle.wake();
  };

  // Queries take no lock: they answer with the state as it is, start-up still running or not.
  setHandler(ticketStateQuery, () => viewOf(state));
  setHandler(slaStateQuery, (): SlaSnapshot => {
    const next = nextWakeUp(state);
    return {
      clock: state.clock,
      paused: !clockRuns(state.clock, state.ticket.status),
      breached: state.ticket.slaBreached,
      nextTimer: next === null ? null : { kind: describeNext(state, next), at: new Date(next).toISOString() },
      now: isoNow(),
    };
  });
  setHandler(
    changeTicketUpdate,
    (req) =>
      withLock(async () => {
        await catchUp(Date.now());
        assertChangeAllowed(lifecycle, req);
        const { expectedVersion: _ignored, ...change } = req;
        // The update's id is in history and survives client retries: it names this change's writes.
        const cause = `update:${currentUpdateInfo()?.id ?? 'unknown'}`;
        // A move to another team without a named agent is routed within that team.
        if (change.assigneeId === undefined && change.teamId !== undefined && change.teamId !== state.ticket.teamId) {
          await applyChange(lifecycle, change, cause);
          await assignAutomatically(lifecycle, req.actor, `${cause}:routing`);
        } else await applyChange(lifecycle, change, cause);
        return viewOf(state);
      }),
    { validator: (req) => assertChangeAllowed(lifecycle, req) },
  );
  setHandler(messageAddedSignal, (message) =>
    withLock(async () => {
      await catchUp(Date.parse(message.at));
      await onMessage(lifecycle, message);
    }),
  );
  setHandler(mergedIntoSignal, (merge) =>
    withLock(async () => {
      await catchUp(Date.now());
      await onMergedInto(lifecycle, merge);
    }),
  );
  setHandler(mergedFromSignal, (merge) =>
    withLock(async () => {
      await catchUp(Date.now());
      onMergedFrom(lifecycle, merge);
    }),
  );
  setHandler(slaConfigChangedSignal, () =>
    withLock(async () => {
      await catchUp(Date.now());
      if (state.ticket.status === 'closed') return;
      const sla = await replanSla(lifecycle, 'policy or calendar edited');
      lifecycle.wake(); // timers may have moved even when the deadlines did not
      const { reason: _reason, ...after } = sla.after;
      // An edit that leaves this ticket's policy and deadlines as they were changes nothing here.
      if (JSON.stringify(sla.before) === JSON.stringify(after)) return;
      await persist(lifecycle, {
        what: `sla:${state.clock?.policyId ?? 0}:${state.slaPlans ?? 0}`,
        type: 'sla_recalculated',
        actor: systemActor,
        before: sla.before,
        after: sla.after,
        fields: slaFields(lifecycle),
      });
    }),
  );
  setHandler(classificationChangedSignal, (change) => {
    // Asked before anything else: a worker from before the patch left this signal unanswered, and a
    // history it wrote replays as it ran.
    if (!patched(classificationChangedPatch)) return;
    return withLock(async () => {
      await catchUp(Date.now());
      await onClassificationChanged(lifecycle, change);
    });
  });
  setHandler(reassignSignal, ({ excludeUserId, actor }) =>
    withLock(async () => {
      await catchUp(Date.now());
      if (
        state.ticket.assigneeId !== excludeUserId ||
        state.ticket.status === 'closed' ||
        state.ticket.status === 'resolved'
      )
        return;
      await assignAutomatically(lifecycle, actor, `reassign:${excludeUserId}:v${state.ticket.version}`, [
        excludeUserId,
      ]);
    }),
  );

  // Workflows started before the patch ran their start-up here, after the handlers.
  if (!startupFirst && !input.carried) startedUp = withLock(() => startUp(lifecycle));
  await startedUp;

  // The main loop sleeps until the next timer, a change from a handler, or queued notifications.
  while (state.ticket.status !== 'closed') {
    await drainNotifications(lifecycle);
    const next = nextWakeUp(state);
    woken = false;
    const timedOut = !(await condition(
      () => woken || state.notifications.length > 0 || (closingEndsWait && state.ticket.status === 'closed'),
      next === null ? undefined : Math.max(1, next - Date.now()),
    ));
    if (timedOut) await withLock(() => fireDue(lifecycle));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await drainNotifications(lifecycle);
      await continueAsNew<typeof ticketLifecycle>({ ...input, carried: state });
    }
  }
  await drainNotifications(lifecycle);
  await condition(allHandlersFinished);
  if (noticesAfterHandlers) await drainNotifications(lifecycle);
  return viewOf(state);
}
