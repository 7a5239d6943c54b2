import { randomUUID } from 'node:crypto';
import { createKeyedUser } from '../support/fixtures.js';
import { createLifecycleWorld } from '../support/lifecycle-fixtures.js';
import { checkInvariants, type Violation } from './invariants.js';
import { serverListensAgain, workerEventsReachSockets } from './live-probe.js';
import { runLoad, type LoadRecord } from './load.js';
import { startTopology, type Topology } from './topology.js';

/** How long and how hard the suite runs. */
export interface FaultProfile {
  rounds: number;
  clients: number;
  /** Shortest time between two ticket creations of one client. */
  cycleMs: number;
  /** Load without a fault before each fault (and after the last). */
  steadyMs: number;
  /** How long the system gets to settle before the invariants must hold. */
  settleMs: number;
}

/** `npm test`: one short round of each fault. */
export const shortProfile: FaultProfile = { rounds: 1, clients: 3, cycleMs: 2100, steadyMs: 3000, settleMs: 90_000 };

/** `npm run faults`: longer load around each fault, two rounds. */
export const fullProfile: FaultProfile = { rounds: 2, clients: 5, cycleMs: 2100, steadyMs: 15_000, settleMs: 180_000 };

/** One fault: how it is injected and lifted. */
interface Fault {
  name: string;
  inject(t: Topology): Promise<void>;
  downMs: number;
  restore(t: Topology): Promise<void>;
  /** The dependency `/readyz` must name while this fault lasts. */
  dependency?: 'postgres' | 'temporal';
  /** Set for the fault that kills the worker: an e-mail it had just sent may go out again (invariants.ts). */
  kills?: 'worker';
}

/** The faults, each in turn: the issue's table. */
export const faults: Fault[] = [
  {
    name: 'worker kill -9, restarted after 5 s',
    inject: (t) => t.worker.kill(),
    downMs: 5000,
    restore: (t) => t.worker.start(),
    kills: 'worker',
  },
  {
    name: 'server kill -9, restarted after 3 s',
    inject: (t) => t.server.kill(),
    downMs: 3000,
    restore: (t) => t.server.start(),
  },
  {
    name: 'Temporal down 20 s',
    inject: (t) => t.killTemporal(),
    downMs: 20_000,
    restore: (t) => t.startTemporal(),
    dependency: 'temporal',
  },
  {
    name: 'PostgreSQL down 10 s',
    inject: (t) => t.killPostgres(),
    downMs: 10_000,
    restore: (t) => t.startPostgres(),
    dependency: 'postgres',
  },
];

/** What one fault did to the load, and how long the system took to work again. */
export interface FaultFigures {
  fault: string;
  round: number;
  /** From lifting the fault until a new ticket's workflow has started (server, worker, Temporal and PostgreSQL all working). */
  recoveryMs: number;
  /** For a dependency outage: whether /readyz answered 503 naming it while it was down. */
  readinessNamedIt?: boolean;
  answered503: number;
  networkErrors: number;
  other5xx: number;
}

/** The suite's outcome. */
export interface FaultReport {
  figures: FaultFigures[];
  load: LoadRecord;
  violations: Violation[];
  /** Processes that exited without being killed by the suite. */
  unexpectedExits: { server: number; worker: number };
  settleMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the whole chain works: ready, a ticket can be created, and its workflow has started. */
async function timeToRecover(t: Topology, auth: { authorization: string }, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let ticketId: number | undefined;
  const title = `fault probe ${randomUUID()}`;
  while (Date.now() - started < timeoutMs) {
    try {
      if (ticketId === undefined) {
        const ready = await fetch(`${t.baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
        if (ready.ok) {
          const created = await fetch(`${t.baseUrl}/api/tickets`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ title, description: 'recovery probe' }),
            signal: AbortSignal.timeout(10_000),
          });
          if (created.status === 201) ticketId = ((await created.json()) as { id: number }).id;
        }
      }
      if (ticketId !== undefined) {
        const event = await t.db('ticket_events').where({ ticket_id: ticketId, type: 'workflow_started' }).first('id');
        if (event) return Date.now() - started;
      }
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`the system did not recover within ${timeoutMs / 1000} s`);
}

/** True once /readyz answers 503 naming `dependency` (within 8 s of the fault). */
async function readinessNames(t: Topology, dependency: string): Promise<boolean> {
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    const res = await fetch(`${t.baseUrl}/readyz`, { signal: AbortSignal.timeout(4000) }).catch(() => null);
    if (res?.status === 503) {
      const body = (await res.json()) as { unavailable?: string[] };
      if (body.unavailable?.includes(dependency)) return true;
    }
    await sleep(200);
  }
  return false;
}

async function waitUntilReady(t: Topology, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`${t.baseUrl}/readyz`).catch(() => null);
    if (ready?.ok) return;
    await sleep(200);
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${await t.logTail('server')}`);
}

/** The load's label for the time one fault of one round is in force: refusals are counted per round. */
const phaseOf = (fault: string, round: number) => `${fault}, round ${round}`;

/**
 * Starts the topology, runs load from a few clients while each fault happens in turn, lets the
 * system settle, then checks the invariants. `log` receives progress and the figures.
 */
export async function runFaultSuite(profile: FaultProfile, log: (line: string) => void): Promise<FaultReport> {
  const t = await startTopology();
  try {
    const world = await createLifecycleWorld(t.db, { agents: 2, capacity: 100_000, firstResponseSeconds: 3600 });
    const callers = [];
    for (let n = 0; n < profile.clients; n++) {
      const [customer, agent] = [await createKeyedUser(t.db, 'customer'), await createKeyedUser(t.db, 'agent')];
      callers.push({ customer, agent });
    }
    await t.server.start();
    await t.worker.start();
    await waitUntilReady(t);

    let phase = 'steady';
    const stopLoad = new AbortController();
    const load = runLoad(
      {
        baseUrl: t.baseUrl,
        callers: callers.map((c) => ({ customer: c.customer.auth, agent: c.agent.auth })),
        cycleMs: profile.cycleMs,
        phase: () => phase,
      },
      stopLoad.signal,
    );
    const figures: FaultFigures[] = [];
    const workerKilledAt: number[] = [];

    for (let round = 1; round <= profile.rounds; round++) {
      for (const fault of faults) {
        phase = 'steady';
        await sleep(profile.steadyMs);
        log(`[faults] round ${round}: ${fault.name}`);
        phase = phaseOf(fault.name, round);
        const injectedAt = Date.now();
        await fault.inject(t);
        if (fault.kills === 'worker') workerKilledAt.push(Date.now());
        const readinessNamedIt = fault.dependency ? await readinessNames(t, fault.dependency) : undefined;
        await sleep(Math.max(0, fault.downMs - (Date.now() - injectedAt)));
        await fault.restore(t);
        const recoveryMs = await timeToRecover(t, world.customer.auth);
        phase = 'steady';
        figures.push({
          fault: fault.name,
          round,
          recoveryMs,
          ...(readinessNamedIt !== undefined ? { readinessNamedIt } : {}),
          answered503: 0,
          networkErrors: 0,
          other5xx: 0,
        });
        log(`[faults]   recovered in ${(recoveryMs / 1000).toFixed(1)} s`);
      }
    }
    await sleep(profile.steadyMs);
    stopLoad.abort();
    const loadRecord = await load;
    for (const f of figures) {
      const during = loadRecord.refusals.filter((r) => r.phase === phaseOf(f.fault, f.round));
      f.answered503 = during.filter((r) => r.status === 503).length;
      f.networkErrors = during.filter((r) => r.status === 'network').length;
      f.other5xx = during.filter((r) => typeof r.status === 'number' && r.status >= 500 && r.status !== 503).length;
    }

    // The outbox, retries and reconciler get time to finish; the invariants must then hold.
    const settleStarted = Date.now();
    let violations: Violation[] = [];
    do {
      violations = await checkInvariants({
        db: t.db,
        temporal: t.temporal,
        mails: t.capture.messages(),
        load: loadRecord,
        staffIds: callers.map((c) => c.agent.user.id),
        workerKilledAt,
      });
      if (violations.length === 0) break;
      await sleep(2000);
    } while (Date.now() - settleStarted < profile.settleMs);
    const settleMs = Date.now() - settleStarted;

    // Each PostgreSQL restart ends the server's LISTEN connection, and the server was restarted in
    // each round: it now lives through two more restarts (each one lost a pool place once), and live
    // updates from the worker must still reach its sockets.
    for (let restart = 0; restart < 2; restart++) {
      await t.killPostgres();
      await t.startPostgres();
      await waitUntilReady(t);
    }
    const listenProblem = await serverListensAgain(t);
    if (listenProblem)
      violations.push({
        invariant: 'the server listens again on its channels after PostgreSQL restarts',
        count: 1,
        examples: [listenProblem],
      });
    const liveProblem = await workerEventsReachSockets(t, callers[0]!);
    if (liveProblem)
      violations.push({
        invariant: 'a change the worker makes reaches subscribed sockets (over the PostgreSQL bus)',
        count: 1,
        examples: [liveProblem],
      });
    const unnamed = figures.filter((f) => f.readinessNamedIt === false);
    if (unnamed.length > 0)
      violations.push({
        invariant: '/readyz names the dependency that is down',
        count: unnamed.length,
        examples: unnamed.map((f) => f.fault),
      });
    const report: FaultReport = {
      figures,
      load: loadRecord,
      violations,
      unexpectedExits: { server: t.server.unexpectedExits(), worker: t.worker.unexpectedExits() },
      settleMs,
    };
    printReport(report, log);
    if (violations.length > 0 || report.unexpectedExits.server + report.unexpectedExits.worker > 0) {
      // Errors the server could not classify (each one a 500) are named whatever their position.
      const unhandled = (await t.logTail('server', 1_000_000))
        .split('\n')
        .filter((line) => line.includes('unhandled error'))
        .slice(0, 5);
      if (unhandled.length) log(`[faults] server errors answered 500:\n${unhandled.join('\n')}`);
      log(`[faults] server log tail:\n${await t.logTail('server', 20)}`);
      log(`[faults] worker log tail:\n${await t.logTail('worker', 20)}`);
    }
    return report;
  } finally {
    await t.close();
  }
}

/** Prints the figures and the invariants' verdicts. */
export function printReport(report: FaultReport, log: (line: string) => void): void {
  const { load } = report;
  const count = (kind: string) => load.acknowledged.filter((a) => a.kind === kind).length;
  log(
    `[faults] load: ${count('ticket')} tickets, ${count('staff_reply')} staff replies, ${count('customer_reply')} customer replies acknowledged; ${load.attempts} requests sent`,
  );
  log('[faults] fault                                   round  recovery   503s  network errors  other 5xx');
  for (const f of report.figures)
    log(
      `[faults] ${(f.fault + (f.readinessNamedIt ? ' (named by /readyz)' : '')).padEnd(40)} ${String(f.round).padStart(5)}  ${(f.recoveryMs / 1000).toFixed(1).padStart(6)} s  ${String(f.answered503).padStart(5)}  ${String(f.networkErrors).padStart(14)}  ${String(f.other5xx).padStart(9)}`,
    );
  log(
    `[faults] processes that exited on their own: server ${report.unexpectedExits.server}, worker ${report.unexpectedExits.worker}`,
  );
  if (report.violations.length === 0)
    log(`[faults] every invariant holds (settled in ${(report.settleMs / 1000).toFixed(1)} s)`);
  for (const v of report.violations)
    log(`[faults] VIOLATED: ${v.invariant} (${v.count}):\n${v.examples.map((e) => `           ${e}`).join('\n')}`);
}
