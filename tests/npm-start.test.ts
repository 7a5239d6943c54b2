import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findRunningPostmaster } from '../dev/embedded-postgres.js';
import { findFreePort } from '../dev/ports.js';
import { npmStartNamespace } from './global-setup.js';
import { projectRoot } from './support/run-command.js';

// `npm start` on embedded PostgreSQL, pointed at this run's Temporal and with mail and sign-in
// configured, so it needs no fixed port but its own and can run beside a dev stack.
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: npmStartNamespace,
      OIDC_ISSUER: 'http://127.0.0.1:9/',
      SENDGRID_API_KEY: 'SG.test',
      SENDGRID_API_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

async function waitForOutput(started: Started, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (started.child.exitCode !== null)
      throw new Error(`npm start exited (${started.child.exitCode}):\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-start-test-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  // Two full starts (the first initialises PostgreSQL and seeds) and two graceful stops (in-flight
  // requests and activities drain): about 40 s alone, more beside the rest of the suite on two cores.
  it(
    'comes up with URLs and demo logins, stops on Ctrl-C leaving nothing running, and restarts on the same data',
    { timeout: 150_000 },
    async () => {
      const port = await findFreePort();
      const first = start({ PORT: String(port), DATA_DIR: dataDir });
      await waitForOutput(first, 'Press Ctrl-C to stop everything.');
      const out = first.output();
      expect(out).toContain('initialising PostgreSQL data directory (first run)');
      expect(out).toContain('loaded the demo data (first run)');
      expect(out).toContain(`portal          http://localhost:${port}/`);
      expect(out).toContain(`back office     http://localhost:${port}/admin`);
      expect(out).toMatch(/admin\s+admin@ticketflow\.example/);
      expect(out).toMatch(/customer\s+cora@acme\.example/);
      for (const url of [`/`, `/healthz`, `/readyz`, `/api`, `/api/openapi.json`, `/metrics`]) {
        expect((await fetch(`http://127.0.0.1:${port}${url}`)).status, url).toBe(200);
      }
      // The back office is up, and sends people without a session to sign in first.
      const admin = await fetch(`http://127.0.0.1:${port}/admin`, {
        redirect: 'manual',
        headers: { accept: 'text/html' },
      });
      expect(admin.status).toBe(302);
      expect(admin.headers.get('location')).toBe('/auth/login?returnTo=%2Fadmin');
      expect(
        (await fetch(`http://127.0.0.1:${port}/admin/frontend/assets/components.bundle.js`, { redirect: 'manual' }))
          .status,
      ).toBe(302);
      // The identity provider named here is down: the server still runs, and sign-in says why it cannot.
      expect(out).toContain(`sign in         http://localhost:${port}/auth/login`);
      const signIn = await fetch(`http://127.0.0.1:${port}/auth/login`, { redirect: 'manual' });
      expect(signIn.status).toBe(503);
      expect(await signIn.text()).toContain('The identity provider (http://127.0.0.1:9/) cannot be reached right now');

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(await findRunningPostmaster(path.join(dataDir, 'postgres', 'cluster'))).toBeNull();
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

      const second = start({ PORT: String(port), DATA_DIR: dataDir });
      await waitForOutput(second, 'Press Ctrl-C to stop everything.');
      expect(second.output()).not.toContain('first run');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    },
  );

  it('names a port that is already taken and how to free it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const started = start({ PORT: String(port), DATA_DIR: dataDir });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`port ${port} (TicketFlow server) is already in use`);
      expect(started.output()).toContain('set PORT');
    } finally {
      blocker.close();
    }
  });
});
