import { reportCatalog, reportNames, type ReportDefinition } from '../db/reports/report-catalog.js';
import { resolveReportRange } from '../domain/report-range.js';
import type { BenchStack } from './local-stack.js';
import { createReportWorld } from './report-world.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed<T>(run: () => Promise<T>, times: number): Promise<{ ms: number[]; result: T }> {
  let result = await run(); // warm: plans, caches, the business-time indexes' first build
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    result = await run();
    ms.push(performance.now() - t0);
  }
  return { ms, result };
}

/**
 * Every report over a year of `tickets` tickets and ~10× as many audit events: its JSON and its full
 * CSV, beside the raw query under them all (one scan of the year's audit events) measured in the
 * same run. Goal: every report under 1 s.
 */
export async function benchReports(stack: BenchStack, options: { tickets: number; runs: number }): Promise<string[]> {
  const t0 = performance.now();
  const world = await createReportWorld(stack.db, options.tickets);
  // A live database is vacuumed by autovacuum as it fills; after a bulk load, do it once here.
  await stack.db.raw('vacuum analyze');
  const seeded = (performance.now() - t0) / 1000;
  const range = resolveReportRange({ from: world.from, to: world.to, timezone: 'Europe/Berlin' }, new Date());
  const lines = [
    `reports over ${world.tickets.toLocaleString('en')} tickets and ${world.events.toLocaleString('en')} audit events ` +
      `(${world.ratings.toLocaleString('en')} ratings, ${world.deflectionEvents.toLocaleString('en')} deflection events; ` +
      `seeded in ${seeded.toFixed(1)} s), ${world.from} to ${world.to} in Europe/Berlin, median of ${options.runs} runs`,
  ];
  const raw = await timed(
    () =>
      stack.db
        .raw('select count(*)::int as n from ticket_events where created_at >= ? and created_at < ?', [
          range.start,
          range.end,
        ])
        .then((r) => r.rows[0].n as number),
    options.runs,
  );
  const floor = median(raw.ms);
  lines.push(
    `  raw query (count every audit event of the year): ${floor.toFixed(0)} ms, ${raw.result.toLocaleString('en')} events`,
  );
  let missed = 0;
  for (const name of reportNames) {
    const report: ReportDefinition = reportCatalog[name];
    const json = await timed(() => report.read(stack.db, range), options.runs);
    const csv = await timed(
      async () => {
        let rows = 0;
        for await (const batch of report.csv(stack.db, range)) rows += batch.length;
        return rows - 1;
      },
      Math.min(options.runs, 3),
    );
    const jsonMs = median(json.ms);
    const csvMs = median(csv.ms);
    if (jsonMs >= 1000 || csvMs >= 1000) missed += 1;
    lines.push(
      `  ${name.padEnd(15)} JSON ${jsonMs.toFixed(0).padStart(4)} ms (${(jsonMs / floor).toFixed(1)}× raw), ` +
        `CSV ${csvMs.toFixed(0).padStart(4)} ms for ${csv.result.toLocaleString('en')} rows (${(csvMs / floor).toFixed(1)}× raw)`,
    );
  }
  lines.push(`  goal every report under 1 s, JSON and CSV: ${missed === 0 ? 'met' : `missed by ${missed}`}`);
  return lines;
}
