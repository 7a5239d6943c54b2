import { addBusinessSeconds, businessSecondsBetween } from '../../domain/business-time.js';
import { clockRuns } from '../../domain/sla-clock.js';
import type { SlaPolicy } from '../../domain/sla-policy.js';
import { isFinished } from '../../domain/ticket-status.js';
import type { StoredCalendar } from '../../db/sla-policies.js';
import type { SlaClock, SlaTargetClock, SlaTimer, TicketFacts } from '../lifecycle/types.js';

/** What the plan is computed from. */
export interface SlaPlanInput {
  facts: TicketFacts;
  previous: SlaClock | null;
  at: Date;
  history: { createdAt: string; firstRespondedAt: string | null; resolvedAt: string | null };
}

const iso = (d: Date) => d.toISOString();

/**
 * The SLA clock and its timers under `policy`, as of `input.at`. Business time already consumed
 * is carried over from the previous clock (or counted from creation for a new one); while the
 * ticket waits in a pause status the clock stands still, so a resume pushes every deadline by
 * exactly the paused business time.
 */
export function computeSlaPlan(
  policy: SlaPolicy,
  stored: StoredCalendar,
  input: SlaPlanInput,
): { clock: SlaClock; timers: SlaTimer[] } {
  const { calendar } = stored;
  const { facts, previous, at } = input;

  let consumedSeconds: number;
  if (previous) {
    // The running segment is measured on the current calendar: a calendar edit applies from now on.
    consumedSeconds =
      previous.consumedSeconds +
      (previous.runningSince ? businessSecondsBetween(calendar, new Date(previous.runningSince), at) : 0);
  } else {
    consumedSeconds = businessSecondsBetween(calendar, new Date(input.history.createdAt), at);
  }

  const running = clockRuns(policy, facts.status);

  const target = (
    name: 'firstResponse' | 'resolution',
    targetSeconds: number,
    metAt: string | null,
  ): SlaTargetClock => {
    const before = previous?.[name];
    const met = before?.metAt ?? metAt;
    const remaining = targetSeconds - consumedSeconds;
    let dueAt: string | null;
    if (met) dueAt = before?.dueAt ?? null;
    else if (running) dueAt = iso(addBusinessSeconds(calendar, at, Math.max(0, remaining)));
    else dueAt = before?.dueAt ?? (remaining > 0 ? null : iso(at));
    return { targetSeconds, dueAt, metAt: met, breachedAt: before?.breachedAt ?? null };
  };

  const firstResponse = target('firstResponse', policy.firstResponseTargetSeconds, input.history.firstRespondedAt);
  const resolution = target(
    'resolution',
    policy.resolutionTargetSeconds,
    isFinished(facts.status) ? input.history.resolvedAt : null,
  );

  const timers: SlaTimer[] = [];
  if (running) {
    for (const [name, clock] of [
      ['first_response', firstResponse],
      ['resolution', resolution],
    ] as const) {
      if (clock.metAt || clock.breachedAt) continue;
      for (const fraction of policy.warningThresholds) {
        const warnAfter = fraction * clock.targetSeconds;
        if (warnAfter <= consumedSeconds) continue;
        timers.push({
          kind: 'warning',
          target: name,
          fraction,
          at: iso(addBusinessSeconds(calendar, at, warnAfter - consumedSeconds)),
        });
      }
      if (clock.dueAt) timers.push({ kind: 'breach', target: name, fraction: null, at: clock.dueAt });
    }
  }

  return {
    clock: {
      policyId: policy.id,
      policyName: policy.name,
      calendarId: stored.id,
      calendarName: stored.name,
      calendar,
      pauseStatuses: policy.pauseStatuses,
      warningThresholds: policy.warningThresholds,
      consumedSeconds,
      runningSince: running ? iso(at) : null,
      firstResponse,
      resolution,
    },
    timers: timers.sort((a, b) => a.at.localeCompare(b.at)),
  };
}
