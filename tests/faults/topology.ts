import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrator.js';
import { startCaptureServer, type CaptureServer } from '../../dev/capture-server.js';
import { findRunningPostmaster, startEmbeddedPostgres, type EmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { findFreePort } from '../../dev/ports.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../dev/temporal-dev-server.js';
import { projectRoot } from '../support/run-command.js';

/** One TicketFlow process (server or worker) run as production runs it, which a fault may kill. */
export interface AppProcess {
  readonly name: string;
  /** Starts it (again) with the same settings and port. */
  start(): Promise<void>;
  /** `kill -9`: no shutdown hooks, in-flight work lost. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** True while the process runs. */
  alive(): boolean;
  /** How many times it exited without being asked to (it must be 0: no dependency outage kills a process). */
  unexpectedExits(): number;
  pid(): number | undefined;
}

/** PostgreSQL, Temporal, the capture server, and the server and worker as separate processes. */
export interface Topology {
  dir: string;
  baseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The test's own connection, for setup and the invariants' SQL. */
  db: Db;
  temporal: Client;
  capture: CaptureServer;
  server: AppProcess;
  worker: AppProcess;
  /** Kills PostgreSQL with SIGKILL (the postmaster and every backend). */
  killPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Kills the Temporal dev server with SIGKILL; its state survives in its SQLite file. */
  killTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** The last lines each process wrote, for a failure message. */
  logTail(name: 'server' | 'worker', lines?: number): Promise<string>;
  close(): Promise<void>;
}

async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 of /proc/<pid>/stat is the parent pid; the command (field 2) may contain spaces.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) found.push(Number(entry));
  }
  return found;
}

async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function appProcess(name: string, entry: string, env: NodeJS.ProcessEnv, logFile: string): AppProcess {
  let child: ChildProcess | undefined;
  let unexpected = 0;
  let expectedExit = false;
  const log = createWriteStream(logFile, { flags: 'a' });
  const isAlive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    name,
    async start() {
      if (isAlive()) throw new Error(`${name} is already running`);
      const started = spawn(process.execPath, ['--import', 'tsx', entry], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      expectedExit = false;
      started.stdout?.pipe(log, { end: false });
      started.stderr?.pipe(log, { end: false });
      started.once('exit', (code, signal) => {
        log.write(`\n[topology] ${name} exited (code ${code}, signal ${signal})\n`);
        if (!expectedExit) unexpected++;
      });
    },
    async kill() {
      if (!child || !isAlive()) return;
      expectedExit = true;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!child || !isAlive()) return child?.exitCode ?? null;
      expectedExit = true;
      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    alive: isAlive,
    unexpectedExits: () => unexpected,
    pid: () => child?.pid,
  };
}

/** Starts the production-like topology in a temporary directory; server and worker are started by the caller's `start()`. */
export async function startTopology(): Promise<Topology> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-faults-'));
  const pgDir = path.join(dir, 'postgres');
  const pgPort = await findFreePort();
  const temporalPort = await findFreePort();
  const serverPort = await findFreePort();
  // Durable commits, as in production: the ephemeral settings (synchronous_commit=off) let a killed
  // PostgreSQL forget transactions it had acknowledged, which no application can make up for.
  const startPg = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, database: 'ticketflow' });
  const startTemporal = () =>
    startTemporalDevServer({
      port: temporalPort,
      uiPort: false,
      dbFile: path.join(dir, 'temporal', 'state.db'),
      logFile: path.join(dir, 'temporal', 'temporal.log'),
      searchPath: process.env.PATH,
      configuredPath: process.env.TEMPORAL_CLI_PATH,
    });
  let postgres: EmbeddedPostgres = await startPg();
  let temporalServer: TemporalDevServer = await startTemporal();
  const db = createDb(postgres.url, { poolMax: 4, applicationName: 'ticketflow-faults' });
  await migrateToLatest(db);
  const capture = await startCaptureServer({ port: 0 });
  const temporal = new Client({
    connection: Connection.lazy({ address: temporalServer.address }),
    namespace: 'default',
  });

  const baseUrl = `http://127.0.0.1:${serverPort}`;
  // What docker-compose.yml gives both processes, pointed at the embedded parts.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporalServer.address,
    TEMPORAL_NAMESPACE: 'default',
    // Discovered on first sign-in only; nobody signs in here (the load uses API keys).
    OIDC_ISSUER: 'http://127.0.0.1:9/unused',
    OIDC_CLIENT_ID: 'ticketflow-faults',
    OIDC_CLIENT_SECRET: 'faults-secret',
    SESSION_SECRET: randomBytes(48).toString('base64'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
    SENDGRID_API_KEY: 'SG.faults',
    SENDGRID_API_URL: capture.url,
    PUBLIC_URL: baseUrl,
    PORT: String(serverPort),
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
  };
  const logOf = (name: string) => path.join(dir, `${name}.log`);
  const server = appProcess('server', 'server/main.ts', env, logOf('server'));
  const worker = appProcess('worker', 'workflows/worker-process.ts', env, logOf('worker'));

  let closing: Promise<void> | undefined;
  // Ctrl-C on `npm run faults` stops what the topology started instead of leaving it running.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`[faults] ${signal}: stopping the topology\n`);
    void topology.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const topology: Topology = {
    dir,
    baseUrl,
    databaseUrl: postgres.url,
    temporalAddress: temporalServer.address,
    db,
    temporal,
    capture,
    server,
    worker,
    async killPostgres() {
      const running = await findRunningPostmaster(path.join(pgDir, 'cluster'));
      if (!running) return;
      const backends = await childrenOf(running.pid);
      for (const pid of [running.pid, ...backends]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      for (const pid of [running.pid, ...backends]) await waitForExit(pid);
    },
    async startPostgres() {
      // Right after a SIGKILL the old shared memory may still be held for a moment: try again.
      for (let attempt = 0; ; attempt++) {
        try {
          postgres = await startPg();
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    async killTemporal() {
      const pid = temporalServer.pid;
      if (!pid) throw new Error('the Temporal dev server was not started from a binary here; it cannot be killed');
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid);
    },
    async startTemporal() {
      temporalServer = await startTemporal();
    },
    async logTail(name, lines = 40) {
      const text = await readFile(logOf(name), 'utf8').catch(() => '');
      return text.split('\n').slice(-lines).join('\n');
    },
    // Once, whoever asks first (the suite's end or a signal).
    close: () =>
      (closing ??= (async () => {
        process.off('SIGINT', stopOnSignal);
        process.off('SIGTERM', stopOnSignal);
        await Promise.all([server.stop(), worker.stop()]);
        await temporal.connection.close().catch(() => undefined);
        await db.destroy();
        await capture.close();
        await temporalServer.stop();
        await postgres.stop();
        await rm(dir, { recursive: true, force: true });
      })()),
  };
  return topology;
}
