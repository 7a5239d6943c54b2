import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeCliArgs } from '../workflows/search-attributes.js';
import { resolveTemporalCli, TemporalCliNotFoundError, type ResolveTemporalCliOptions } from './temporal-cli.js';
import { findFreePort } from './ports.js';

/** A running Temporal dev server. */
export interface TemporalDevServer {
  address: string;
  /** The Web UI, or undefined when started headless. */
  uiUrl: string | undefined;
  binary: string;
  /** The server's process id (undefined when the SDK started it), for tests that kill it outright. */
  pid?: number;
  stop(): Promise<void>;
}

/** Ports, state file and binary lookup for the dev server. */
export interface TemporalDevServerOptions extends ResolveTemporalCliOptions {
  port?: number;
  /** Web UI port; `false` starts headless. */
  uiPort?: number | false;
  /** SQLite file for state that survives restarts; omitted keeps state in memory. */
  dbFile?: string;
  logFile: string;
  /** Namespaces to create besides `default` (ticket ids, and so workflow ids, are unique only per database). */
  namespaces?: string[];
  /** Dynamic config values (`--dynamic-config-value KEY=JSON`), e.g. to lower history limits in tests. */
  dynamicConfig?: Record<string, unknown>;
  /** Run in its own process group so the orchestrator decides when it stops (after the worker). */
  ownProcessGroup?: boolean;
  /** Where to note the server's pid, so a run killed with SIGKILL can have its orphan stopped next time. */
  pidFile?: string;
}

/** Stops a dev server a previous run left behind (its orchestrator was killed), found by its pid file. */
export async function stopOrphanedTemporal(pidFile: string | undefined): Promise<void> {
  if (!pidFile) return;
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (!pid) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('start-dev')) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    if (!(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGKILL');
}

async function waitUntilServing(address: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        throw new Error(
          `The Temporal dev server exited during start-up (code ${child.exitCode}); its log ends with:\n${log.split('\n').slice(-15).join('\n')}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(`The Temporal dev server did not answer on ${address} within 60 s: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startWithSdkDownload(
  options: TemporalDevServerOptions,
  port: number,
  cliError: TemporalCliNotFoundError,
): Promise<TemporalDevServer> {
  options.onProgress?.('no local Temporal CLI: trying the Temporal SDK download (needs internet)');
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const uiPort = options.uiPort === false ? undefined : options.uiPort;
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port,
        ui: uiPort !== undefined,
        ...(uiPort !== undefined ? { uiPort } : {}),
        ...(options.dbFile ? { dbFilename: options.dbFile } : {}),
        extraArgs: searchAttributeCliArgs(),
      },
    });
    return {
      address: env.address,
      uiUrl: uiPort !== undefined ? `http://localhost:${uiPort}` : undefined,
      binary: 'Temporal SDK download',
      stop: () => env.teardown(),
    };
  } catch (error) {
    throw new TemporalCliNotFoundError([
      ...cliError.tried,
      `Temporal SDK download (TestWorkflowEnvironment.createLocal): ${(error as Error).message.split('\n')[0]}`,
    ]);
  }
}

/** Starts `temporal server start-dev` on 127.0.0.1 with TicketFlow's search attributes registered. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const port = options.port ?? (await findFreePort());
  let binary: string;
  try {
    binary = (await resolveTemporalCli(options)).path;
  } catch (error) {
    if (error instanceof TemporalCliNotFoundError) return startWithSdkDownload(options, port, error);
    throw error;
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'warn',
    '--http-port',
    String(await findFreePort()),
    '--metrics-port',
    String(await findFreePort()),
    ...(options.namespaces ?? []).flatMap((n) => ['--namespace', n]),
    ...searchAttributeCliArgs(),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
  ];
  if (options.uiPort === false || options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  await mkdir(path.dirname(options.logFile), { recursive: true });
  await stopOrphanedTemporal(options.pidFile);
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', logFd, logFd], detached: options.ownProcessGroup ?? false });
  closeSync(logFd);
  if (options.pidFile && child.pid) await writeFile(options.pidFile, String(child.pid));
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, child, options.logFile);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    address,
    uiUrl: typeof options.uiPort === 'number' ? `http://localhost:${options.uiPort}` : undefined,
    binary,
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () =>
      (stopped ??= stopChild(child).then(async () => {
        if (options.pidFile) await rm(options.pidFile, { force: true });
      })),
  };
}
