import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  socketEvents,
  type PresenceEnterResult,
  type PresenceViewer,
  type ServerToClientEvents,
} from '../domain/socket-events.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { connectLive, type LiveClient, type LiveCredentials } from './support/live-client.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { useTestStack } from './support/use-test-stack.js';

// "Who else is here" on /ws: staff viewing a ticket see each other enter, type and leave, across
// server processes (the PostgreSQL bus); customers never join a staff presence nor hear of one.

const stack = useTestStack();
const clients: LiveClient[] = [];
const replicas: ServerProcess[] = [];
let dataDir: string;
let customer: KeyedUser;
let ticketId: number;

/** A socket.io client that also records the presence events it hears. */
interface PresenceClient extends LiveClient {
  heard: { event: string; ticketId: number; viewer?: PresenceViewer; socketId?: string }[];
  enter(ticketId: number): Promise<PresenceEnterResult>;
}

async function connect(baseUrl: string, credentials: LiveCredentials): Promise<PresenceClient> {
  const client = (await connectLive(baseUrl, credentials)) as PresenceClient;
  clients.push(client);
  client.heard = [];
  const record =
    (event: string) =>
    (payload: Parameters<ServerToClientEvents['presence.entered' | 'presence.left' | 'presence.typing']>[0]) =>
      client.heard.push({ event, ...payload });
  client.socket.on(socketEvents.presenceEntered, record('entered'));
  client.socket.on(socketEvents.presenceLeft, record('left'));
  client.socket.on(socketEvents.presenceTyping, record('typing'));
  client.enter = (id) => client.socket.timeout(10_000).emitWithAck(socketEvents.presenceEnter, id);
  return client;
}

const names = (result: PresenceEnterResult) => (result.ok ? result.viewers.map((v) => v.name).sort() : result.error);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-presence-'));
  customer = await createKeyedUser(stack.db, 'customer');
  const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: customer.auth,
    body: { title: 'Presence: the scanner beeps', description: 'Who is on it?' },
  });
  expect(created.status).toBe(201);
  ticketId = created.body.id as number;
});

afterAll(async () => {
  for (const client of clients) client.close();
  for (const replica of replicas) await replica.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('ticket presence on /ws', () => {
  it('refuses customers a staff presence, and tells them nothing of one', async () => {
    const agent = await createKeyedUser(stack.db, 'agent');
    const stranger = await createKeyedUser(stack.db, 'customer');
    const customerSocket = await connect(stack.baseUrl, { apiKey: customer.key });
    const strangerSocket = await connect(stack.baseUrl, { apiKey: stranger.key });
    const agentSocket = await connect(stack.baseUrl, { apiKey: agent.key });

    // The customer may follow their own ticket (its public room) but not join its staff presence.
    expect(await customerSocket.subscribe(ticketId)).toEqual({ ok: true });
    expect(await customerSocket.enter(ticketId)).toEqual({ ok: false, error: 'forbidden' });
    expect(await strangerSocket.enter(ticketId)).toEqual({ ok: false, error: 'not found' });
    expect(await customerSocket.enter(-3)).toEqual({ ok: false, error: 'ticketId must be a positive whole number' });

    // Staff enter and type; a customer's "typing" (not a viewer) goes nowhere.
    const entered = await agentSocket.enter(ticketId);
    expect(entered.ok).toBe(true);
    expect(names(entered)).not.toContain(customer.user.name);
    customerSocket.socket.emit(socketEvents.presenceTyping, ticketId);
    agentSocket.socket.emit(socketEvents.presenceTyping, ticketId);
    const colleague = await createKeyedUser(stack.db, 'agent');
    const second = await connect(stack.baseUrl, { apiKey: colleague.key });
    expect(names(await second.enter(ticketId))).toContain(agent.user.name);
    second.socket.emit(socketEvents.presenceTyping, ticketId);
    await eventually(async () =>
      expect(agentSocket.heard).toContainEqual(
        expect.objectContaining({ event: 'typing', viewer: expect.objectContaining({ userId: colleague.user.id }) }),
      ),
    );
    // A reply still reaches the customer's public room: they are connected, just told nothing of presence.
    const reply = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'Looking at it now.' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () => expect(customerSocket.messages.map((m) => m.body)).toContain('Looking at it now.'));
    expect(customerSocket.heard).toEqual([]);
    expect(strangerSocket.heard).toEqual([]);
    // Nobody heard the customer type.
    expect(agentSocket.heard.filter((h) => h.event === 'typing' && h.viewer?.userId === customer.user.id)).toEqual([]);
  });

  it('shows two agents served by two server processes to each other, typing, and gone when one disconnects', async () => {
    const replica = () =>
      startServerProcess({
        databaseUrl: stack.databaseUrl,
        temporalAddress: inject('temporalAddress'),
        oidcIssuer: stack.idp.issuer,
        dataDir,
      });
    const [one, two] = await Promise.all([replica(), replica()]);
    replicas.push(one, two);
    const ana = await createKeyedUser(stack.db, 'agent');
    const ben = await createKeyedUser(stack.db, 'agent');
    const anaSocket = await connect(one.baseUrl, { apiKey: ana.key });
    const benSocket = await connect(two.baseUrl, { apiKey: ben.key });

    expect(names(await anaSocket.enter(ticketId))).not.toContain(ben.user.name);
    // Ben, on the other process, is told Ana is here (asked through the bus), and Ana hears him enter.
    await eventually(async () => expect(names(await benSocket.enter(ticketId))).toContain(ana.user.name));
    await eventually(async () =>
      expect(anaSocket.heard).toContainEqual(
        expect.objectContaining({
          event: 'entered',
          ticketId,
          viewer: expect.objectContaining({ userId: ben.user.id, name: ben.user.name }),
        }),
      ),
    );

    benSocket.socket.emit(socketEvents.presenceTyping, ticketId);
    await eventually(async () =>
      expect(anaSocket.heard).toContainEqual(
        expect.objectContaining({
          event: 'typing',
          ticketId,
          viewer: expect.objectContaining({ userId: ben.user.id }),
        }),
      ),
    );

    // Ben's connection drops: Ana's process hears he left, within a few seconds.
    const benSocketId = benSocket.socket.id;
    const dropped = Date.now();
    benSocket.socket.disconnect();
    await eventually(async () =>
      expect(anaSocket.heard).toContainEqual({ event: 'left', ticketId, socketId: benSocketId }),
    );
    expect(Date.now() - dropped).toBeLessThan(5_000);
    expect(names(await anaSocket.enter(ticketId))).not.toContain(ben.user.name);
    // Two server processes boot in this test: on a busy two-core machine that alone takes most of a minute.
  }, 180_000);
});
