import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../dev/ports.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../dev/temporal-dev-server.js';

/** A Temporal dev server of the test's own, which the test may stop and start again on the same port and state. */
export interface OwnTemporal {
  readonly address: string;
  /** Stops the server (its state stays on disk). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  /** Stops it and removes its state. */
  dispose(): Promise<void>;
}

/** Starts a Temporal dev server for one test file, for tests that break Temporal on purpose. */
export async function startOwnTemporal(): Promise<OwnTemporal> {
  const dir = await mkdtemp(path.join(tmpdir(), 'temporal-outage-'));
  const port = await findFreePort();
  const options = {
    port,
    dbFile: path.join(dir, 'temporal.db'),
    logFile: path.join(dir, 'temporal.log'),
    uiPort: false as const,
    searchPath: process.env.PATH,
  };
  let server: TemporalDevServer | null = await startTemporalDevServer(options);
  const address = server.address;
  return {
    address,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      server ??= await startTemporalDevServer(options);
    },
    async dispose() {
      await server?.stop();
      server = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
