import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTeamsChannel } from '../../db/notification-channels.js';
import { adminSession, type AdminSession } from '../admin/admin-session.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Class: outbound calls aimed inside the network. A Teams webhook URL is typed in by an admin and
// called by the worker; neither the form nor the worker may let it reach anything internal but the
// one allow-listed endpoint (the capture server), and nothing of any answer may come back to people.
let stack: TestStack;
let dropDb: () => Promise<void>;
let admin: AdminSession;
let world: LifecycleWorld;
let internal: Server;
let internalPort: number;
const internalHits: string[] = [];

beforeAll(async () => {
  const isolated = await createIsolatedDatabase();
  dropDb = isolated.drop;
  stack = await startTestStack({ databaseUrl: isolated.url });
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  admin = await adminSession(stack, 'admin');
  // An "internal service" on this machine that would tell secrets to whoever asks.
  internal = createServer((req, res) => {
    internalHits.push(`${req.method} ${req.url}`);
    res.writeHead(500, { 'content-type': 'text/plain' }).end('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalPort = (internal.address() as AddressInfo).port;
});
afterAll(async () => {
  await stack?.close();
  await new Promise((r) => internal?.close(r));
  await dropDb?.();
});

const saveChannel = (secret: string) =>
  admin.post('/api/resources/notification_channels/actions/new', {
    name: `Teams ${secret}`,
    kind: 'teams',
    team_id: String(world.teamId),
    secret,
    active: 'true',
  });

async function newTicket(title: string): Promise<{ id: number; number: string }> {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title, description: 'SSRF probe' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('outbound webhooks', () => {
  it('refuses, when saved in the back office, URLs that are not https or point inside the network, naming the field', async () => {
    for (const [url, problem] of [
      [`http://127.0.0.1:${internalPort}/hook`, /must be an https:\/\/ URL/],
      [`https://127.0.0.1:${internalPort}/hook`, /loopback/],
      ['https://169.254.169.254/latest/meta-data/iam/security-credentials/', /link-local/],
      ['https://[::ffff:10.0.0.1]/hook', /private/],
      ['https://0x7f000001/hook', /loopback/],
      ['https://metadata.google.internal/computeMetadata/v1/', /internal host/],
      ['https://localhost/hook', /internal host/],
      ['https://admin:secret@hooks.example.com/hook', /user name or password/],
      ['gopher://hooks.example.com:70/_stats', /https/],
    ] as const) {
      const res = await saveChannel(url);
      expect(res.body.notice?.type, url).toBe('error');
      expect(res.body.record.errors.secret.message, url).toMatch(problem);
      expect(res.body.record.errors.secret.message, url).toMatch(/^The Teams webhook URL /);
    }
    expect(await stack.db('notification_channels').where('name', 'like', 'Teams %')).toEqual([]);
    // A public https URL and the allow-listed capture server are accepted.
    expect((await saveChannel('https://outlook.office.com/webhook/abc/IncomingWebhook/def')).body.notice.type).toBe(
      'success',
    );
    expect((await saveChannel(`${stack.capture.url}/teams/ok`)).body.notice.type).toBe('success');
    await stack.db('notification_channels').where('name', 'like', 'Teams %').delete();
    // Turning an e-mail channel into a Teams one needs a webhook URL that passes the same check.
    const [email] = await stack
      .db('notification_channels')
      .insert({ name: 'Mail to Teams', kind: 'email', settings: '{}' })
      .returning('id');
    const switched = await admin.post(`/api/resources/notification_channels/records/${email.id}/edit`, {
      name: 'Mail to Teams',
      kind: 'teams',
      secret: '',
    });
    expect(switched.body.record.errors.secret.message).toMatch(/needs its webhook URL/);
    expect((await stack.db('notification_channels').where({ id: email.id }).first()).kind).toBe('email');
  });

  it('never calls an internal address at delivery, even for a URL stored before these checks, and logs only why', async () => {
    // Stored directly, as a URL saved by an older version or written to the database would be.
    await insertTeamsChannel(stack.db, stack.appSecretKey, {
      name: 'Legacy internal hook',
      teamId: world.teamId,
      webhookUrl: `http://127.0.0.1:${internalPort}/hook`,
    });
    const ticket = await newTicket('Internal hook');
    const row = await eventually(async () => {
      const teams = await stack.db('notifications').where({ ticket_id: ticket.id, kind: 'teams' }).first();
      expect(teams?.status).toBe('failed');
      return teams;
    });
    expect(row.last_error).toMatch(/^Teams webhook not called: the URL must be an https:\/\/ URL/);
    expect(internalHits).toEqual([]);
    await stack.db('notification_channels').where({ name: 'Legacy internal hook' }).delete();
  });

  it("keeps only the status of an answer, never the other side's body, in the delivery log managers read", async () => {
    await insertTeamsChannel(stack.db, stack.appSecretKey, {
      name: 'Capture hook',
      teamId: world.teamId,
      webhookUrl: `${stack.capture.url}/teams/status-only`,
    });
    stack.capture.failNext(1, 503, '/teams/status-only');
    const ticket = await newTicket('Status only');
    // Between the failed attempt and its retry (2 s later) the log shows why it failed.
    const failed = await eventually(
      async () => {
        const teams = await stack.db('notifications').where({ ticket_id: ticket.id, kind: 'teams' }).first();
        expect(teams?.last_error).toBeTruthy();
        return teams;
      },
      20_000,
      25,
    );
    expect(failed.last_error).toBe('Teams webhook answered 503 Service Unavailable');
    expect(failed.last_error).not.toContain('injected');
    await eventually(async () => {
      const teams = await stack.db('notifications').where({ ticket_id: ticket.id, kind: 'teams' }).first();
      expect(teams).toMatchObject({ status: 'sent', last_error: null });
    });
    // And managers reading the delivery log in the back office see the same sentence.
    const manager = await adminSession(stack, 'manager');
    const shown = await manager.get(`/api/resources/notifications/records/${failed.id}/show`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain('injected');
  });
});
