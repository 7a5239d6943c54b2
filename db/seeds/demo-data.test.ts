import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '../../tests/support/isolated-database.js';
import { resolveReportRange } from '../../domain/report-range.js';
import { createDb, type Db } from '../connection.js';
import { listReadableArticles, searchReadableArticles } from '../kb-articles.js';
import { listReadableCategories } from '../kb-categories.js';
import { readBacklogAge } from '../reports/backlog-age.js';
import { readCsat } from '../reports/csat.js';
import { readDeflection } from '../reports/deflection.js';
import { readReopenRate } from '../reports/reopen-rate.js';
import { readResponseTimes } from '../reports/response-times.js';
import { readTicketVolume } from '../reports/ticket-volume.js';
import { seedDemoData } from './demo-data.js';

// What `npm start` shows first: a populated help centre, and reports whose figures a person can count
// from the demo tickets (as seeded, before their workflows run).

let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createIsolatedDatabase();
  db = createDb(database.url, { poolMax: 2 });
  expect(await seedDemoData(db)).toBe(true);
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('the demo data', () => {
  it('has a help centre in English and German, with an Acme-only article and a draft kept out', async () => {
    const categories = await listReadableCategories(db, { kind: 'anonymous' });
    expect(categories.map((c) => [c.name, c.articleCount])).toEqual([
      ['Account and sign-in', 3],
      ['Billing and plans', 3],
      ['Troubleshooting', 2],
    ]);
    const acme = await db('organizations').where({ name: 'Acme Corp' }).first('id');
    const all = await listReadableArticles(
      db,
      { kind: 'customer', organizationId: acme.id },
      { limit: 100, offset: 0 },
    );
    expect(all.total).toBe(9);
    const german = await searchReadableArticles(
      db,
      { kind: 'anonymous' },
      {
        q: 'Passwort gesperrt',
        match: 'all',
        limit: 5,
      },
    );
    expect(german.map((h) => h.slug)).toEqual(['passwort-zuruecksetzen']);
  });

  it('gives reports a person can count from the ticket list', async () => {
    const range = resolveReportRange({ timezone: 'UTC' }, new Date());
    // Ten tickets, all from the last nine days; two solved (the resolved and the closed one).
    expect((await readTicketVolume(db, range)).totals).toEqual({ created: 10, solved: 2 });
    // Five were answered by staff, each an hour after it came in (no SLA policy yet: wall-clock time).
    expect((await readResponseTimes(db, range)).firstResponse.overall).toEqual({
      count: 5,
      medianSeconds: 3600,
      p90Seconds: 3600,
    });
    // Open now: three new, three open, one pending, one on hold.
    const backlog = await readBacklogAge(db, range);
    expect(backlog.total).toBe(8);
    expect(Object.fromEntries(backlog.byStatus.map((s) => [s.status, s.count]))).toEqual({
      new: 3,
      open: 3,
      pending: 1,
      on_hold: 1,
    });
    expect(await readReopenRate(db, range)).toMatchObject({ solved: 2, reopened: 0 });
    expect(await readCsat(db, range)).toMatchObject({ count: 2, average: 4.5, satisfiedRate: 1 });
    // Five form visits: all shown suggestions, three opened one, two were solved by it.
    expect((await readDeflection(db, range)).sessions).toEqual({ shown: 5, opened: 3, solved: 2, rate: 0.4 });
  });
});
