import { readFile } from 'node:fs/promises';
import { startCaptureServer } from '../dev/capture-server.js';
import { benchCustomer, breachLags, createTicketDueAt, onlyPolicy, waitForEvents } from './bench-world.js';
import type { BenchStack } from './local-stack.js';
import { startStackProcess } from './stack-process.js';
import { latencySummary, quantile, runConcurrently } from './stats.js';

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** What the worker-memory benchmark runs. */
export interface WorkerMemoryOptions {
  /** Open workflows to reach, in turn (each stage adds tickets to the previous ones). */
  counts: number[];
  /** WORKER_MAX_CACHED_WORKFLOWS for the worker: smaller than the counts, so workflows are evicted. */
  cache: number;
  /** Per stage, tickets whose deadlines fall over `sampleSeconds` once the stage is created. */
  sample: number;
  sampleSeconds: number;
}

const targetSeconds = 3600;

/**
 * Worker memory and breach lag with a bounded workflow cache: the production worker process
 * (`workflows/worker-process.ts`) idle, then with each count of open ticket workflows. In each
 * stage the sample tickets are created first and their deadlines fall after the rest, so by then
 * they have been evicted and replay from their history when their timer wakes them.
 */
export async function benchWorkerMemory(stack: BenchStack, options: WorkerMemoryOptions): Promise<string[]> {
  const { db, workflows } = stack;
  const capture = await startCaptureServer({ port: 0 });
  await onlyPolicy(db, targetSeconds);
  await db('assignment_rules').update({ active: false });
  await db('escalation_rules').update({ active: false });
  const worker = startStackProcess(stack, 'workflows/worker-process.ts', {
    SENDGRID_API_KEY: 'SG.bench',
    SENDGRID_API_URL: capture.url,
    PUBLIC_URL: 'http://localhost:3000',
    WORKER_MAX_CACHED_WORKFLOWS: String(options.cache),
  });
  const lines = [
    `worker memory and breach lag (the production worker process, WORKER_MAX_CACHED_WORKFLOWS=${options.cache}; ` +
      `per stage ${options.sample} evicted tickets breach over ${options.sampleSeconds}s)`,
  ];
  try {
    await new Promise((r) => setTimeout(r, 8000));
    const idle = await rssMb(worker.pid as number);
    lines.push(`  RSS idle:                      ${idle.toFixed(0)} MB`);
    const requesterId = await benchCustomer(db);
    const far = Date.now() + 30 * 86_400_000;
    let open = 0;
    let createPerSecond = 0;
    for (const count of options.counts) {
      const adding = count - open;
      // Creation speed of this machine, from the first tickets of the stage (deadlines far away).
      const bulk: number[] = [];
      const calibration = Math.min(200, adding - options.sample);
      const calibrated = await runConcurrently(calibration, 20, async (i) => {
        bulk.push(await createTicketDueAt(db, workflows, requesterId, `bulk ${count}:${i}`, far, targetSeconds));
      });
      createPerSecond = calibration / calibrated.seconds;
      // The worker plans each new workflow after it is created and falls behind creation on a busy
      // machine: the sample's deadlines wait for creation and planning (3× the calibrated time).
      const start = Date.now() + ((adding - calibration) / createPerSecond) * 3000 + 30_000;
      const sample: number[] = [];
      await runConcurrently(options.sample, 20, async (i) => {
        const dueAt = start + (i * options.sampleSeconds * 1000) / options.sample;
        sample.push(await createTicketDueAt(db, workflows, requesterId, `sample ${count}:${i}`, dueAt, targetSeconds));
      });
      const created = await runConcurrently(adding - calibration - options.sample, 20, async (i) => {
        bulk.push(await createTicketDueAt(db, workflows, requesterId, `bulk ${count}:${i}+`, far, targetSeconds));
      });
      const planned = await waitForEvents(db, [...bulk, ...sample], 'sla_planned', 1_200_000);
      const late = Date.now() > start;
      open = count;
      await new Promise((r) => setTimeout(r, 5000));
      const loaded = await rssMb(worker.pid as number);
      const breached = await waitForEvents(
        db,
        sample,
        'sla_breached',
        Math.max(10_000, start + options.sampleSeconds * 1000 - Date.now() + 60_000),
      );
      const lags = await breachLags(db, sample);
      const after = await rssMb(worker.pid as number);
      lines.push(
        `  ${String(count).padStart(6)} open workflows (${adding} created at ${(adding / (calibrated.seconds + created.seconds)).toFixed(0)}/s, ${planned} planned${late ? '; creation and planning ran past the first sample deadline, so the lag includes that backlog' : ''}):`,
        `    RSS:        ${loaded.toFixed(0)} MB after creation, ${after.toFixed(0)} MB after the breaches (${(((loaded - idle) * 1024) / Math.min(count, options.cache)).toFixed(0)} KB per cached workflow above idle)`,
        `    breach lag: ${latencySummary(lags)}, ${breached} of ${sample.length} breached; p99 < 1000 ms ${breached === sample.length && quantile(lags, 0.99) < 1000 ? 'met' : 'missed'}`,
      );
    }
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await capture.close();
  }
  return lines;
}
