import { readFile } from 'node:fs/promises';
import { startCaptureServer } from '../dev/capture-server.js';
import { benchCustomer, createTicketDirectly, onlyPolicy } from './bench-world.js';
import type { BenchStack } from './local-stack.js';
import { startStackProcess } from './stack-process.js';
import { runConcurrently } from './stats.js';

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Worker memory: the production worker process (`workflows/worker-process.ts`) idle, then with
 * `count` open ticket workflows, each waiting on its SLA timers.
 */
export async function benchWorkerMemory(stack: BenchStack, options: { count: number }): Promise<string[]> {
  const { db } = stack;
  const capture = await startCaptureServer({ port: 0 });
  await onlyPolicy(db, 30 * 86_400);
  await db('assignment_rules').update({ active: false });
  const worker = startStackProcess(stack, 'workflows/worker-process.ts', { SENDGRID_API_KEY: 'SG.bench', SENDGRID_API_URL: capture.url, PUBLIC_URL: 'http://localhost:3000' });
  try {
    await new Promise((r) => setTimeout(r, 8000));
    const idle = await rssMb(worker.pid as number);
    const requesterId = await benchCustomer(db);
    const ids: number[] = [];
    const created = await runConcurrently(options.count, 20, async (i) => {
      ids.push(await createTicketDirectly(db, stack.workflows, requesterId, `memory ${i}`));
    });
    const deadline = Date.now() + 600_000;
    let planned = 0;
    while (Date.now() < deadline) {
      planned = Number((await db('ticket_events').where({ type: 'sla_planned' }).whereIn('ticket_id', ids).count<{ count: number }[]>('* as count'))[0]?.count);
      if (planned >= ids.length) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    await new Promise((r) => setTimeout(r, 5000));
    const loaded = await rssMb(worker.pid as number);
    return [
      `worker memory (the production worker process, ${options.count} open ticket workflows)`,
      `  tickets created in ${created.seconds.toFixed(1)}s; workflows that planned their SLA: ${planned}`,
      `  RSS idle:            ${idle.toFixed(0)} MB`,
      `  RSS with ${options.count} open: ${loaded.toFixed(0)} MB (${(((loaded - idle) * 1024) / options.count).toFixed(1)} KB per open workflow above idle)`,
    ];
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await capture.close();
  }
}
