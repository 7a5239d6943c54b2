import { breachTimeline, describeBreachAnatomy } from './breach-anatomy.js';
import { benchCustomer, breachLags, breachTimes, createTicketDueAt, onlyPolicy, waitForEvents } from './bench-world.js';
import type { BenchStack } from './local-stack.js';
import { latencySummary, quantile, runConcurrently } from './stats.js';

/** What the timers benchmark runs. */
export interface SlaTimerOptions {
  /** Deadlines spread evenly over `spreadSeconds` (the issue's "1,000 over 100 s"). */
  spreadCount: number;
  spreadSeconds: number;
  /** Breach rates (per second) tried in turn, each for `windowSeconds`, until p99 reaches 1 s. */
  rates: number[];
  windowSeconds: number;
  /** Minimal workflow tasks (no-op updates) sent for the raw ceiling. */
  ceilingTasks: number;
}

// Tickets are planned under a long target with their creation time set back, so their deadlines
// land exactly where the benchmark puts them, however fast the tickets were created.
const targetSeconds = 3600;
const goalMs = 1000;

/**
 * SLA breach lag: from each first-response deadline to its recorded `sla_breached` event, at a
 * spread-out load and at rising rates up to the saturation point, beside the raw workflow-task
 * ceiling (no-op updates answered per second) measured in the same run.
 */
export async function benchSlaTimers(stack: BenchStack, options: SlaTimerOptions): Promise<string[]> {
  const { db, workflows } = stack;
  await onlyPolicy(db, targetSeconds);
  await db('assignment_rules').update({ active: false });
  await db('escalation_rules').update({ active: false });
  const requesterId = await benchCustomer(db);
  const lines: string[] = [];

  // Calibration tickets (deadlines far away): creation speed, and targets for the ceiling.
  const far = Date.now() + 10 * 86_400_000;
  const spare: number[] = [];
  const calibration = await runConcurrently(200, 20, async (i) => {
    spare.push(await createTicketDueAt(db, workflows, requesterId, `calibration ${i}`, far, targetSeconds));
  });
  const createPerSecond = 200 / calibration.seconds;
  await waitForEvents(db, spare, 'sla_planned', 60_000);

  // The raw ceiling: a change that changes nothing is one workflow task and no activity.
  const ceiling = await runConcurrently(options.ceilingTasks, 50, async (i) => {
    await workflows.change(spare[i % spare.length]!, { actor: { userId: null, source: 'system' } });
  });
  const ceilingPerSecond = options.ceilingTasks / ceiling.seconds;

  /** Lays out `count` deadlines evenly over `seconds`, starting once they can all be created. */
  async function breachRun(label: string, count: number, seconds: number) {
    const start = Date.now() + (count / createPerSecond) * 1500 + 5000;
    const ids: number[] = [];
    await runConcurrently(count, 20, async (i) => {
      const dueAt = start + (i * seconds * 1000) / count;
      ids.push(await createTicketDueAt(db, workflows, requesterId, `${label} ${i}`, dueAt, targetSeconds));
    });
    const late = Date.now() > start;
    const waitMs = start + seconds * 1000 - Date.now() + 60_000;
    const breached = await waitForEvents(db, ids, 'sla_breached', Math.max(waitMs, 10_000));
    const lags = await breachLags(db, ids);
    return { ids, lags, breached, late, p99: quantile(lags, 0.99) };
  }

  const spread = await breachRun('spread', options.spreadCount, options.spreadSeconds);
  lines.push(
    `SLA breach lag (deadline → sla_breached event; ${options.spreadCount} deadlines over ${options.spreadSeconds}s, i.e. ${(options.spreadCount / options.spreadSeconds).toFixed(0)}/s)`,
    `  breaches recorded:              ${spread.breached} of ${spread.ids.length}${spread.late ? ' (creation ran past the first deadline)' : ''}`,
    `  lag:                            ${latencySummary(spread.lags)}`,
    `  goal p99 < ${goalMs} ms:             ${spread.breached === spread.ids.length && spread.p99 < goalMs ? 'met' : 'missed'}`,
    `  one breach costs:               ${await describeBreachAnatomy(workflows, spread.ids[0]!)}`,
    `  where the time goes:            ${await breachTimeline(
      workflows,
      await breachTimes(
        db,
        spread.ids.filter((_, i) => i % 20 === 0),
      ),
    )}`,
  );

  let saturation: number | null = null;
  lines.push(`  saturation (each rate for ${options.windowSeconds}s; stops at the first p99 ≥ ${goalMs} ms):`);
  for (const rate of options.rates) {
    const run = await breachRun(`rate ${rate}`, rate * options.windowSeconds, options.windowSeconds);
    const ok = run.breached === run.ids.length && run.p99 < goalMs;
    lines.push(
      `    ${String(rate).padStart(4)} breaches/s: ${latencySummary(run.lags)}${ok ? '' : '  ← over the goal'}`,
    );
    if (!ok) break;
    saturation = rate;
  }
  lines.push(
    `  saturation point:               ${saturation === null ? `below ${options.rates[0]}` : `≥ ${saturation}`} breaches/s with p99 < ${goalMs} ms`,
    `  raw workflow-task ceiling:      ${ceilingPerSecond.toFixed(0)} no-op workflow tasks/s (updates, 50 in flight)`,
    `  saturation / ceiling:           ${saturation === null ? 'n/a' : (saturation / ceilingPerSecond).toFixed(2)}`,
  );
  return lines;
}
