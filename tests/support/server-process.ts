import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { findFreePort } from '../../dev/ports.js';
import { projectRoot } from './run-command.js';

/** `server/main.ts` running as a child process, as one replica of a deployment. */
export interface ServerProcess {
  baseUrl: string;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once it has shut down. */
  stop(): Promise<number | null>;
}

/** What every replica of one deployment shares. */
export interface ReplicaSettings {
  databaseUrl: string;
  temporalAddress: string;
  oidcIssuer: string;
  sessionSecret?: string;
  appSecretKey?: string;
  dataDir: string;
}

/** Starts `server/main.ts` on a free port and waits until `/healthz` answers. */
export async function startServerProcess(settings: ReplicaSettings): Promise<ServerProcess> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: settings.databaseUrl,
      TEMPORAL_ADDRESS: settings.temporalAddress,
      OIDC_ISSUER: settings.oidcIssuer,
      OIDC_CLIENT_ID: 'ticketflow-replica',
      OIDC_CLIENT_SECRET: 'replica-secret',
      SESSION_SECRET: settings.sessionSecret ?? randomBytes(48).toString('base64'),
      APP_SECRET_KEY: settings.appSecretKey ?? randomBytes(32).toString('base64'),
      PUBLIC_URL: baseUrl,
      PORT: String(port),
      DATA_DIR: settings.dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server/main.ts exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server/main.ts did not answer /healthz within a minute:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
