import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findFreePort } from '../dev/ports.js';
import { startTemporalDevServer, type TemporalDevServer } from '../dev/temporal-dev-server.js';
import { eventually } from './support/eventually.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { projectRoot } from './support/run-command.js';

// A worker that starts before Temporal (a compose restart, a Temporal upgrade) waits for it instead
// of exiting, and polls the task queue as soon as the frontend answers.

let dir: string;
let database: { url: string; drop(): Promise<void> };
let temporal: TemporalDevServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-no-temporal-'));
  database = await createIsolatedDatabase();
});
afterAll(async () => {
  await temporal?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function pollers(address: string): Promise<number> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    const answer = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'tickets' },
      taskQueueType: 1, // workflow tasks
    });
    return answer.pollers?.length ?? 0;
  } finally {
    await connection.close();
  }
}

it('waits for Temporal instead of exiting, then polls the task queue', { timeout: 180_000 }, async () => {
  const port = await findFreePort();
  const worker = spawn(process.execPath, ['--import', 'tsx', 'workflows/worker-process.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      SENDGRID_API_KEY: 'SG.unused',
      SENDGRID_API_URL: 'http://127.0.0.1:9',
      PUBLIC_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  worker.stdout.on('data', (d: Buffer) => (output += d.toString()));
  worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
  try {
    // Long enough for several failed connection attempts (1 s, 2 s, 4 s apart).
    await new Promise((r) => setTimeout(r, 8000));
    expect(worker.exitCode, output).toBeNull();

    temporal = await startTemporalDevServer({
      port,
      uiPort: false,
      logFile: path.join(dir, 'temporal.log'),
      searchPath: process.env.PATH,
      configuredPath: process.env.TEMPORAL_CLI_PATH,
    });
    await eventually(async () => expect(await pollers(temporal!.address)).toBeGreaterThan(0), 60_000, 500);

    worker.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    // Logs are buffered and flushed on exit.
    expect(output).toContain('Temporal is unreachable; trying again');
    expect(output).toContain('worker stopped');
  } finally {
    if (worker.exitCode === null) worker.kill('SIGKILL');
  }
});
