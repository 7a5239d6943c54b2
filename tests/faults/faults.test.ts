import { expect, it } from 'vitest';
import { runFaultSuite, shortProfile } from './fault-rounds.js';

// The short form of `npm run faults`: the production topology (embedded PostgreSQL, the Temporal dev
// server, server and worker as child processes, a mail counter) under load while the worker, the
// server, Temporal and PostgreSQL each fail once; then nothing may be lost, doubled or left behind.
it('survives each fault in turn with every invariant holding', { timeout: 600_000 }, async () => {
  const report = await runFaultSuite(shortProfile, (line) => process.stderr.write(`${line}\n`));
  expect(report.unexpectedExits).toEqual({ server: 0, worker: 0 });
  expect(report.load.acknowledged.filter((a) => a.kind === 'ticket').length).toBeGreaterThan(10);
  expect(report.violations).toEqual([]);
});
