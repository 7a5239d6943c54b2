import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findRunningPostmaster, startEmbeddedPostgres } from './embedded-postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('initialises under a private (0700) directory, keeps data across restarts and stops cleanly', async () => {
    // mkdtemp makes a 0700 directory, like a fresh clone under /tmp: as root this is the case
    // that fails when the cluster is handed to a separate postgres user.
    const dir = await mkdtemp(path.join(tmpdir(), 'embedded-pg-test-'));
    dirs.push(dir);
    await chmod(dir, 0o700);
    const dataDir = path.join(dir, 'pg');

    const first = await startEmbeddedPostgres({ dataDir, database: 'probe', ephemeral: true });
    expect(first.startedHere).toBe(true);
    expect(first.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/probe$/);
    await query(first.url, "create table kept (note text); insert into kept values ('still here')");
    expect((await stat(path.join(dataDir, 'password'))).mode & 0o777).toBe(0o600);
    await first.stop();
    expect(await findRunningPostmaster(path.join(dataDir, 'cluster'))).toBeNull();

    const second = await startEmbeddedPostgres({ dataDir, database: 'probe', ephemeral: true });
    try {
      expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('reuses a server left running on the same data directory when asked, and replaces it otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'embedded-pg-test-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'pg');
    const running = await startEmbeddedPostgres({ dataDir, ephemeral: true });

    const reused = await startEmbeddedPostgres({ dataDir, reuseRunning: true });
    expect(reused.startedHere).toBe(false);
    expect(reused.port).toBe(running.port);
    await reused.stop(); // not ours to stop: the server keeps running
    expect(await query(running.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);

    const replacement = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    try {
      expect(replacement.startedHere).toBe(true);
      expect(replacement.port).not.toBe(running.port);
      await expect(query(running.url, 'select 1')).rejects.toThrow();
    } finally {
      await replacement.stop();
    }
  });
});
