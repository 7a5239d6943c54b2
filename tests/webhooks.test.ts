import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../notify/webhook-signature.js';
import { runOutboxReconciler } from '../workflows/outbox-relay.js';
import { adminSession } from './admin/admin-session.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { createLifecycleWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// A receiver on this machine, as an integrator would write one: it verifies the signature on the raw
// body, answers 503 to its first attempts when told to, and records what it got. It is reached over
// plain http because OUTBOUND_ALLOW_HOSTS (outboundAllowHosts) names it.

interface Received {
  path: string;
  eventId: string;
  signatureValid: boolean;
  body: { id: string; type: string; ticket: { id: number; number: string; status: string }; data: never };
}

const received: Received[] = [];
const failuresLeft = new Map<string, number>();
let receiver: Server;
let receiverHost = '';

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const secrets: Record<string, string> = {
  '/flaky': 'flaky-receiver-secret-0123456789',
  '/down': 'down-receiver-secret-0123456789ab',
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = req.url ?? '/';
      const left = failuresLeft.get(path) ?? 0;
      if (path === '/down' || left > 0) {
        failuresLeft.set(path, left - 1);
        res.writeHead(503).end('a body TicketFlow must not keep');
        return;
      }
      received.push({
        path,
        eventId: String(req.headers['x-ticketflow-event-id']),
        signatureValid: verifyWebhookSignature(
          secrets[path] ?? '',
          raw,
          req.headers['x-ticketflow-signature'] as string | undefined,
          Date.now() / 1000,
        ),
        body: JSON.parse(raw) as Received['body'],
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverHost = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

const stack = useTestStack(() => ({
  isolatedDatabase: true,
  outboundAllowHosts: [receiverHost],
  // The changes go through the ticket's workflow; on a busy machine its start-up may take more than 2 s.
  temporalRequestTimeoutMs: 15_000,
  // Fast backoff: the first retry after 0.3 s; an endpoint failing for 5 s without a success is disabled.
  webhooks: { retryInitialSeconds: 0.3, retryForSeconds: 120, disableAfterSeconds: 5 },
}));

// The worker process runs the outbox reconciler; here the test does (its own database, its own queue).
const stopRelay = new AbortController();
let relay: Promise<void>;
let world: LifecycleWorld;
let admin: KeyedUser;

beforeAll(async () => {
  relay = runOutboxReconciler(stack.db, stack.workflows, { intervalMs: 200, signal: stopRelay.signal });
  world = await createLifecycleWorld(stack.db, { strategy: 'manual' });
  admin = await createKeyedUser(stack.db, 'admin');
});

afterAll(async () => {
  stopRelay.abort();
  await relay;
  await new Promise((resolve) => receiver.close(resolve));
});

const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
  requestJson(`${stack.baseUrl}/api${path}`, init);

async function register(path: string, events: string[]) {
  const res = await api('/webhooks', {
    headers: admin.auth,
    body: { url: `http://${receiverHost}${path}`, events, secret: secrets[path] },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; secretLast4: string };
}

describe('outbound webhooks', () => {
  it('reach a receiver that fails at first: signed, retried, every event once per id, in order per ticket', async () => {
    const endpoint = await register('/flaky', [
      'ticket.created',
      'ticket.status_changed',
      'ticket.assigned',
      'ticket.replied',
      'ticket.rated',
    ]);
    expect(endpoint.secretLast4).toBe('6789');
    const stored = await stack.db('webhook_endpoints').where({ id: endpoint.id }).first();
    expect(stored.secret_ciphertext).not.toContain('flaky-receiver');

    failuresLeft.set('/flaky', 2);
    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Webhook order', description: 'events in order' },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id as number;
    const staff = world.staff.auth;
    expect(
      (await api(`/tickets/${ticketId}`, { method: 'PATCH', headers: staff, body: { status: 'open' } })).status,
    ).toBe(200);
    const assignee = world.agents[0]!.id;
    expect(
      (await api(`/tickets/${ticketId}`, { method: 'PATCH', headers: staff, body: { assigneeId: assignee } })).status,
    ).toBe(200);
    expect((await api(`/tickets/${ticketId}/messages`, { headers: staff, body: { body: 'On it.' } })).status).toBe(201);
    expect(
      (await api(`/tickets/${ticketId}`, { method: 'PATCH', headers: staff, body: { status: 'resolved' } })).status,
    ).toBe(200);
    expect(
      (await api(`/tickets/${ticketId}/rating`, { headers: world.customer.auth, body: { score: 5 } })).status,
    ).toBe(201);

    const expected = [
      'ticket.created',
      'ticket.status_changed',
      'ticket.assigned',
      'ticket.replied',
      'ticket.status_changed',
      'ticket.rated',
    ];
    const forTicket = () => received.filter((r) => r.path === '/flaky' && r.body.ticket.id === ticketId);
    await eventually(async () => expect(forTicket().map((r) => r.body.type)).toEqual(expected));
    const events = forTicket();
    expect(events.every((r) => r.signatureValid)).toBe(true);
    expect(events.every((r) => r.eventId === r.body.id)).toBe(true);
    expect(new Set(events.map((r) => r.body.id)).size).toBe(events.length);
    expect(events[0]!.body.ticket).toMatchObject({ id: ticketId, number: created.body.number, status: 'new' });
    expect(events[1]!.body.ticket.status).toBe('open');
    expect(events[3]!.body.data).toMatchObject({ message: { body: 'On it.' } });

    // The first event needed three attempts; the log keeps only the status code, never the body.
    const log = await api(`/webhooks/${endpoint.id}/deliveries?limit=100`, { headers: admin.auth });
    expect(log.status).toBe(200);
    const first = (log.body.items as { eventType: string; attempts: number; status: string }[]).at(-1);
    expect(first).toMatchObject({ eventType: 'ticket.created', attempts: 3, status: 'delivered', lastStatusCode: 204 });
    expect(JSON.stringify(log.body)).not.toContain('must not keep');

    // Redeliver from the back office (admins): a GET only shows the question; the POST queues the same
    // event id again, and receivers de-duplicate by it.
    const delivery = await stack.db('webhook_deliveries').where({ endpoint_id: endpoint.id }).orderBy('id').first();
    const backOffice = await adminSession(stack, 'admin');
    const before = received.length;
    const action = `/api/resources/webhook_deliveries/records/${delivery.id}/redeliver`;
    expect((await backOffice.get(action)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received.length).toBe(before);
    expect((await backOffice.post(action)).body.notice.type).toBe('success');
    await eventually(async () => expect(received.length).toBe(before + 1));
    expect(received.at(-1)!.eventId).toBe(delivery.event_id);
    const agentOffice = await adminSession(stack, 'agent');
    expect((await agentOffice.post(action)).status).toBe(403);
    const ids = received.filter((r) => r.path === '/flaky').map((r) => r.eventId);
    expect(ids).toHaveLength(events.length + 1);
    expect(new Set(ids).size).toBe(events.length);
  });

  it('disable an endpoint that keeps failing, and tell the admins', async () => {
    const endpoint = await register('/down', ['ticket.created']);
    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Nobody listens', description: 'receiver down' },
    });
    expect(created.status).toBe(201);
    await eventually(
      async () => {
        const row = await stack.db('webhook_endpoints').where({ id: endpoint.id }).first();
        expect(row).toMatchObject({ active: false, disabled_reason: expect.stringMatching(/failed for 5 s/) });
      },
      30_000,
      250,
    );
    const delivery = await stack.db('webhook_deliveries').where({ endpoint_id: endpoint.id }).first();
    // Given up together with the disabling: no pending delivery behind a disabled endpoint.
    expect(delivery).toMatchObject({ status: 'failed', last_status_code: 503 });
    expect(delivery.attempts).toBeGreaterThan(1);
    await eventually(async () => {
      const mail = await stack.db('notifications').where({ template: 'webhook_disabled', recipient: admin.user.email });
      expect(mail).toHaveLength(1);
    });

    // A disabled endpoint gets no more events.
    await api('/tickets', { headers: world.customer.auth, body: { title: 'After', description: 'disabled' } });
    const listed = await api('/webhooks', { headers: admin.auth });
    expect(listed.body.items.find((e: { id: number }) => e.id === endpoint.id)).toMatchObject({ active: false });
    expect(await stack.db('webhook_deliveries').where({ endpoint_id: endpoint.id }).count('* as n')).toEqual([
      { n: 1 },
    ]);
  });

  it('never call an internal address at delivery, even for an endpoint stored before the checks', async () => {
    // Only this endpoint listens: the others are removed (their logs with them).
    for (const { id } of (await api('/webhooks', { headers: admin.auth })).body.items as { id: number }[]) {
      expect((await api(`/webhooks/${id}`, { method: 'DELETE', headers: admin.auth })).status).toBe(204);
      expect(await stack.db('webhook_deliveries').where({ endpoint_id: id }).first()).toBeUndefined();
    }
    // Stored straight into the table, as a URL saved before the rules (or by hand) would be.
    const port = Number(receiverHost.split(':')[1]);
    const { insertWebhookEndpoint } = await import('../db/webhook-endpoints.js');
    const inside = await insertWebhookEndpoint(
      stack.db,
      stack.appSecretKey,
      { url: `https://127.0.0.2:${port}/flaky`, events: ['ticket.created'], secret: secrets['/flaky']! },
      null,
    );
    const before = received.length;
    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Probe inside', description: 'ssrf' },
    });
    expect(created.status).toBe(201);
    await eventually(async () => {
      const delivery = await stack.db('webhook_deliveries').where({ endpoint_id: inside.id }).first();
      expect(delivery).toMatchObject({ last_status_code: null, last_error: expect.stringMatching(/loopback/) });
    });
    expect(received.length).toBe(before);
  });

  it('refuse bad registrations with a 400 naming the field, internal addresses included', async () => {
    const post = (body: unknown) => api('/webhooks', { headers: admin.auth, body });
    const fields = async (body: unknown) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      return (res.body.error.details as { path: string }[]).map((d) => d.path);
    };
    const secret = 'a-long-enough-secret-123';
    expect(await fields({ url: 'https://hooks.example.com/x', events: ['ticket.created'] })).toEqual(['secret']);
    expect(await fields({ url: 'https://hooks.example.com/x', events: [], secret })).toEqual(['events']);
    expect(await fields({ url: 'https://hooks.example.com/x', events: ['ticket.nope'], secret })).toEqual(['events.0']);
    expect(await fields({ url: 'http://hooks.example.com/x', events: ['ticket.created'], secret })).toEqual(['url']);
    expect(await fields({ url: 'https://10.0.0.5/x', events: ['ticket.created'], secret })).toEqual(['url']);
    expect(await fields({ url: 'https://169.254.169.254/x', events: ['ticket.created'], secret })).toEqual(['url']);
    expect(await fields({ url: 'https://localhost/x', events: ['ticket.created'], secret })).toEqual(['url']);
    expect(await fields({ url: 'http://127.0.0.1:9/x', events: ['ticket.created'], secret })).toEqual(['url']);
    expect((await post({ url: 'https://hooks.example.com/x', events: ['ticket.created'], secret })).status).toBe(201);

    // The back office refuses the same, names the field, and seals the secret it is given.
    const backOffice = await adminSession(stack, 'admin');
    const refused = await backOffice.post('/api/resources/webhook_endpoints/actions/new', {
      url: 'https://192.168.1.10/hook',
      'events.0': 'ticket.created',
      secret,
    });
    expect(refused.body.record.errors.url.message).toMatch(/private/);
    const saved = await backOffice.post('/api/resources/webhook_endpoints/actions/new', {
      url: 'https://hooks.example.org/in',
      'events.0': 'ticket.created',
      'events.1': 'ticket.rated',
      secret,
    });
    expect(saved.body.notice.type).toBe('success');
    const row = await stack.db('webhook_endpoints').where({ url: 'https://hooks.example.org/in' }).first();
    expect(row).toMatchObject({ events: ['ticket.created', 'ticket.rated'], secret_last4: '-123' });
    expect(JSON.stringify(saved.body)).not.toContain(secret);

    const agent = await createKeyedUser(stack.db, 'agent');
    expect((await api('/webhooks', { headers: agent.auth })).status).toBe(403);
    expect((await api('/webhooks/99999', { method: 'DELETE', headers: admin.auth })).status).toBe(404);
  });

  it('reach the capture server as `npm start` runs it, with the signature headers', async () => {
    const res = await api('/webhooks', {
      headers: admin.auth,
      body: { url: `${stack.capture.url}/webhooks/demo`, events: ['ticket.created'], secret: secrets['/flaky'] },
    });
    expect(res.status).toBe(201);
    const created = await api('/tickets', {
      headers: world.customer.auth,
      body: { title: 'Captured', description: 'x' },
    });
    await eventually(async () => {
      const event = stack.capture
        .messages()
        .find((m) => m.kind === 'webhook' && m.subject === `ticket.created ${created.body.number as string}`);
      expect(event?.headers['x-ticketflow-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(event?.headers['x-ticketflow-event-id']).toBe((event?.body as { id: string }).id);
    });
  });
});
