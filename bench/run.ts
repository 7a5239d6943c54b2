import { defaultMaxCachedWorkflows } from '../config.js';
import { benchAdminList } from './admin-list.bench.js';
import { benchBusinessTime } from './business-time.bench.js';
import { benchMailImport } from './mail-import.bench.js';
import { startBenchStack, type BenchStack } from './local-stack.js';
import { benchReports } from './reports.bench.js';
import { benchSlaTimers } from './sla-timers.bench.js';
import { benchTicketCreation } from './ticket-creation.bench.js';
import { benchTicketList } from './ticket-list.bench.js';
import { benchViews } from './views.bench.js';
import { benchWorkerMemory } from './worker-memory.bench.js';

// `npm run bench [-- name …]`: each benchmark prints its figures beside a baseline measured in the
// same run. Each runs on a fresh embedded PostgreSQL and Temporal dev server.

const suites: Record<string, { worker: boolean; run: (stack: BenchStack) => Promise<string[]> }> = {
  'business-time': { worker: false, run: async () => benchBusinessTime() },
  creation: { worker: true, run: (stack) => benchTicketCreation(stack, { total: 500, concurrency: 20 }) },
  timers: {
    worker: true,
    run: (stack) =>
      benchSlaTimers(stack, {
        spreadCount: 1000,
        spreadSeconds: 100,
        rates: [5, 10, 20, 40, 80, 160, 320],
        windowSeconds: 5,
        ceilingTasks: 2000,
      }),
  },
  'worker-memory': {
    worker: false,
    run: (stack) =>
      benchWorkerMemory(stack, {
        counts: [5000, 20_000],
        cache: defaultMaxCachedWorkflows,
        sample: 1000,
        sampleSeconds: 100,
      }),
  },
  list: { worker: true, run: (stack) => benchTicketList(stack, { count: 100_000, requests: 2000 }) },
  'admin-list': { worker: true, run: (stack) => benchAdminList(stack, { tickets: 100_000 }) },
  views: {
    worker: false,
    run: (stack) => benchViews(stack, { tickets: Number(process.env.BENCH_VIEW_TICKETS ?? 100_000) }),
  },
  reports: { worker: false, run: (stack) => benchReports(stack, { tickets: 100_000, runs: 5 }) },
  'mail-import': {
    worker: false,
    run: (stack) => benchMailImport(stack, { count: Number(process.env.BENCH_MAIL_COUNT ?? 1000) }),
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const suite = suites[name]!;
  const stack = name === 'business-time' ? null : await startBenchStack({ worker: suite.worker });
  try {
    const lines = await suite.run(stack as BenchStack);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } finally {
    await stack?.close();
  }
}
