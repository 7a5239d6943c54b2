import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type TemporalDevServer } from '../../dev/temporal-dev-server.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { createLifecycleWorld, isolateWorld } from '../support/lifecycle-fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// A Temporal server that suggests continue-as-new after a few dozen events, so a long-lived
// ticket's hand-over to a fresh run happens within a test.
let temporal: TemporalDevServer;
let stack: TestStack;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'temporal-can-'));
  temporal = await startTemporalDevServer({
    logFile: path.join(dir, 'temporal.log'),
    uiPort: false,
    searchPath: process.env.PATH,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 80 },
  });
  const isolated = await createIsolatedDatabase();
  stack = await startTestStack({ databaseUrl: isolated.url, temporalAddress: temporal.address });
  cleanup = async () => {
    await stack.close();
    await temporal.stop();
    await isolated.drop();
    await rm(dir, { recursive: true, force: true });
  };
});
afterAll(() => cleanup?.());

describe('a long-lived ticket', () => {
  it('continues as new when Temporal suggests it, carrying its state, deadlines and version', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
    await isolateWorld(stack.db, world);
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Long lived', description: 'Many changes' },
    });
    const id = created.body.id as number;
    const handle = stack.workflows.client.workflow.getHandle(`ticket-${id}`);
    const firstRun = (await handle.describe()).runId;

    const priorities = ['high', 'low'] as const;
    for (let i = 0; i < 12; i++) {
      const res = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, {
        method: 'PATCH',
        headers: world.staff.auth,
        body: { priority: priorities[i % 2] },
      });
      expect(res.status).toBe(200);
    }
    await eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRun));
    const old = await stack.workflows.client.workflow.getHandle(`ticket-${id}`, firstRun).describe();
    expect(old.status.name).toBe('CONTINUED_AS_NEW');

    const row = await stack.db('tickets').where({ id }).first();
    const state = await stack.workflows.getState(id);
    expect(state).toMatchObject({
      ticketId: id,
      priority: 'low',
      version: row.version,
      teamId: world.teamId,
      assigneeId: row.assignee_id,
    });
    expect(state?.resolutionDueAt).toBe((row.resolution_due_at as Date).toISOString());

    // The new run goes on where the old one stopped: version checks and transitions still hold.
    const stale = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { priority: 'urgent', version: row.version - 1 },
    });
    expect(stale.status).toBe(409);
    const resolved = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { status: 'resolved', version: row.version },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.version).toBe(row.version + 1);
    // No workflow_started repeats for the new run: the audit trail stays one story.
    expect(await stack.db('ticket_events').where({ ticket_id: id, type: 'workflow_started' })).toHaveLength(1);
  });
});
