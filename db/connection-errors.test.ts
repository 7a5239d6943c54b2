import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../dev/ports.js';
import { isDatabaseUnavailable } from './connection-errors.js';
import { createDb } from './connection.js';
import { createPgPool } from './pg-pool.js';

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection and a knex pool that cannot connect', async () => {
    const url = `postgres://nobody:x@127.0.0.1:${await findFreePort()}/none`;
    const client = new pg.Client({ connectionString: url });
    const refused = await client.connect().catch((error: unknown) => error);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const db = createDb(url, { poolMax: 1 });
    const viaKnex = await db.raw('select 1').catch((error: unknown) => error);
    await db.destroy();
    expect(isDatabaseUnavailable(viaKnex)).toBe(true);
  });

  it('recognises a connection terminated by the server (57P01), and a pool with a listener survives it', async () => {
    const errors: Error[] = [];
    const pool = createPgPool(inject('databaseUrl'), {
      max: 1,
      applicationName: 'terminated-test',
      onError: (e) => errors.push(e),
    });
    const client = await pool.connect();
    // A checked-out client has no pool listener: its own takes the "terminated" that may follow the
    // query's error before it is released, as every checked-out connection of ours has one.
    client.on('error', (e) => errors.push(e));
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const killer = new pg.Client({ connectionString: inject('databaseUrl') });
    await killer.connect();
    const during = client.query('select pg_sleep(5)').catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 100));
    await killer.query('select pg_terminate_backend($1)', [pid]);
    const terminated = await during;
    expect((terminated as { code?: string }).code).toBe('57P01');
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    client.release(terminated as Error);

    // An idle pooled connection killed by the server: the pool reports it and hands out a fresh one.
    await pool.query('select 1');
    const { rows } = await killer.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = 'terminated-test'",
    );
    for (const row of rows) await killer.query('select pg_terminate_backend($1)', [row.pid]);
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.some((e) => isDatabaseUnavailable(e))).toBe(true);
    expect((await pool.query('select 2 as n')).rows[0].n).toBe(2);
    await killer.end();
    await pool.end();
  });

  it('leaves query errors alone: they are the request, not the database', async () => {
    const db = createDb(inject('databaseUrl'), { poolMax: 1 });
    const bad = await db.raw('select * from no_such_table').catch((error: unknown) => error);
    const division = await db.raw('select 1/0').catch((error: unknown) => error);
    await db.destroy();
    expect(isDatabaseUnavailable(bad)).toBe(false);
    expect(isDatabaseUnavailable(division)).toBe(false);
    expect(isDatabaseUnavailable(new Error('Connection reset by the user'))).toBe(false);
  });
});
