import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { BenchStack } from './local-stack.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts a production entry point (`server/main.ts`, `workflows/worker-process.ts`) as its own
 * process against the benchmark's PostgreSQL and Temporal, with fresh secrets and `env` on top.
 * Set BENCH_CPU_PROF to a directory to get a CPU profile of it.
 */
export function startStackProcess(stack: BenchStack, entry: string, env: Record<string, string>): ChildProcess {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: root,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
}
