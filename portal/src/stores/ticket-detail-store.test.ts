import { describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { socketEvents } from '../../../domain/socket-events.js';
import { makeDetail, makeMessage, makeTicket } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { lastSocket, sockets } from '../test-support/fake-socket.js';
import { useFreshStores } from '../test-support/fresh-stores.js';
import { useLiveStore } from './live-store.js';
import { useTicketDetailStore } from './ticket-detail-store.js';

vi.mock('socket.io-client', async () => (await import('../test-support/fake-socket.js')).socketIoModule);

function serveTicket(server: ReturnType<typeof fakeServer>, detail = makeDetail()) {
  server.on('GET', `/api/tickets/${detail.id}`, () => json(200, detail));
  server.on('GET', `/api/tickets/${detail.id}/sla`, () => apiError(503, 'dependency_unavailable', 'Temporal is down.'));
}

describe('useTicketDetailStore', () => {
  useFreshStores();

  it('loads a ticket and joins its room once the socket connects', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    expect(store.state).toBe('ready');
    expect(store.ticket?.title).toBe('Printer on fire 1');
    const socket = lastSocket();
    expect(socket.emitted).toEqual([]);
    socket.serverConnect();
    expect(socket.emitted).toEqual([{ event: socketEvents.subscribe, args: [1] }]);
    expect(useLiveStore().status).toBe('connected');
  });

  it('applies ticket.updated and message.created for its ticket only, once each', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.serverConnect();

    socket.serverSend(socketEvents.ticketUpdated, {
      ticket: makeTicket({ id: 1, status: 'pending', version: 2, updatedAt: '2026-03-01T12:00:00.000Z' }),
    });
    socket.serverSend(socketEvents.ticketUpdated, { ticket: makeTicket({ id: 2, status: 'closed', version: 9 }) });
    socket.serverSend(socketEvents.ticketUpdated, { ticket: makeTicket({ id: 1, status: 'open', version: 1 }) }); // stale
    expect(store.ticket?.status).toBe('pending');
    expect(store.timeline.map((s) => s.status)).toEqual(['new', 'pending']);

    socket.serverSend(socketEvents.messageCreated, { ticketId: 1, message: makeMessage({ id: 100 }) });
    socket.serverSend(socketEvents.messageCreated, { ticketId: 1, message: makeMessage({ id: 100 }) });
    socket.serverSend(socketEvents.messageCreated, { ticketId: 1, message: makeMessage({ id: 101, internal: true }) });
    socket.serverSend(socketEvents.messageCreated, { ticketId: 2, message: makeMessage({ id: 102, ticketId: 2 }) });
    expect(store.ticket?.messages.map((m) => m.id)).toEqual([100]);
  });

  it('reloads the live SLA state when the workflow plans the deadlines of a new ticket', async () => {
    const server = fakeServer();
    const unplanned = {
      policy: null,
      calendar: null,
      paused: false,
      breached: false,
      firstResponse: { dueAt: null, remainingSeconds: null, metAt: null, breachedAt: null },
      resolution: { dueAt: null, remainingSeconds: null, metAt: null, breachedAt: null },
      nextTimer: null,
    };
    server.on('GET', '/api/tickets/1', () =>
      json(
        200,
        makeDetail({ status: 'new', sla: { firstResponseDueAt: null, resolutionDueAt: null, breached: false } }),
      ),
    );
    server.on('GET', '/api/tickets/1/sla', () => json(200, unplanned));
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    await flushPromises();
    expect(store.sla?.firstResponse.dueAt).toBeNull();

    const dueAt = '2026-03-01T13:00:00.000Z';
    server.on('GET', '/api/tickets/1/sla', () =>
      json(200, { ...unplanned, firstResponse: { ...unplanned.firstResponse, dueAt, remainingSeconds: 3600 } }),
    );
    lastSocket().serverConnect();
    lastSocket().serverSend(socketEvents.ticketUpdated, {
      ticket: makeTicket({
        id: 1,
        status: 'new',
        version: 2,
        sla: { firstResponseDueAt: dueAt, resolutionDueAt: null, breached: false },
      }),
    });
    await flushPromises();
    expect(store.sla?.firstResponse.dueAt).toBe(dueAt);
  });

  it('says live updates are on only once the server confirmed the subscription', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    expect(store.liveState).toBe('connecting');
    lastSocket().serverConnect();
    expect(store.liveState).toBe('on');
  });

  it('shows its own reply once, even when the socket echoes it', async () => {
    const server = fakeServer();
    serveTicket(server);
    server.on('POST', '/api/tickets/1/messages', () => json(201, makeMessage({ id: 200, body: 'Thanks!' })));
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.serverConnect();
    await store.reply('Thanks!', 'reply-key-1');
    socket.serverSend(socketEvents.messageCreated, { ticketId: 1, message: makeMessage({ id: 200, body: 'Thanks!' }) });
    expect(store.ticket?.messages.map((m) => m.id)).toEqual([200]);
    expect(server.sent('POST', '/api/tickets/1/messages')[0]?.body).toEqual({ body: 'Thanks!' });
  });

  it('after a dropped connection, rejoins the room and reloads what it missed', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.serverConnect();
    socket.serverDrop();
    expect(useLiveStore().status).toBe('reconnecting');

    serveTicket(server, makeDetail({ messages: [makeMessage({ id: 300 })] }));
    socket.serverConnect();
    await flushPromises();
    expect(useLiveStore().status).toBe('connected');
    expect(socket.emitted.filter((e) => e.event === socketEvents.subscribe)).toHaveLength(2);
    expect(store.ticket?.messages.map((m) => m.id)).toEqual([300]);
  });

  it('reloads what it missed when the server says its own feed was cut, without rejoining', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.serverConnect();

    serveTicket(server, makeDetail({ messages: [makeMessage({ id: 400 })] }));
    socket.serverSend(socketEvents.resync, undefined);
    await flushPromises();
    expect(store.ticket?.messages.map((m) => m.id)).toEqual([400]);
    expect(socket.emitted.filter((e) => e.event === socketEvents.subscribe)).toHaveLength(1);
    expect(useLiveStore().status).toBe('connected');
  });

  it('leaves the room, removes every listener and closes the socket when the page leaves', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.serverConnect();
    expect(socket.listenerCount()).toBeGreaterThan(0);
    store.leave();
    expect(socket.emitted.at(-1)).toEqual({ event: socketEvents.unsubscribe, args: [1] });
    expect(socket.listenerCount()).toBe(0);
    expect(socket.disconnectCalls).toBe(1);
    expect(useLiveStore().status).toBe('idle');
  });

  it('keeps one socket while moving from ticket to ticket', async () => {
    const server = fakeServer();
    serveTicket(server, makeDetail({ id: 1 }));
    serveTicket(server, makeDetail({ id: 2 }));
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    lastSocket().serverConnect();
    await store.open({ kind: 'customer', id: 2 });
    expect(sockets).toHaveLength(1);
    expect(lastSocket().emitted.map((e) => `${e.event} ${String(e.args[0])}`)).toEqual([
      'ticket.subscribe 1',
      'ticket.subscribe 2',
      'ticket.unsubscribe 1',
    ]);
  });

  it('marks live updates off when the server refuses the subscription', async () => {
    const server = fakeServer();
    serveTicket(server);
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1 });
    const socket = lastSocket();
    socket.subscribeAck = { ok: false, error: 'not allowed' };
    socket.serverConnect();
    expect(store.liveState).toBe('refused');
  });

  it('tells a missing ticket from an expired guest link', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets/5', () => apiError(404, 'not_found', 'Ticket 5 was not found.'));
    server.on('GET', '/api/guest/tickets/old-token', () => apiError(410, 'not_found', 'This link has expired.'));
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 5 });
    expect(store.state).toBe('not-found');
    await store.open({ kind: 'guest', token: 'old-token' });
    expect(store.state).toBe('expired');
    expect(sockets).toHaveLength(1); // guests never open a socket of their own
    expect(lastSocket().disconnectCalls).toBe(1);
  });

  it('builds the status history from the audit trail for staff', async () => {
    const server = fakeServer();
    serveTicket(server, makeDetail({ status: 'resolved' }));
    server.on('GET', '/api/tickets/1/events', () =>
      json(200, [
        {
          id: 1,
          type: 'status_changed',
          source: 'workflow',
          actor: null,
          before: { status: 'new' },
          after: { status: 'open' },
          createdAt: '2026-03-01T10:05:00.000Z',
        },
        {
          id: 2,
          type: 'priority_changed',
          source: 'api',
          actor: null,
          before: { priority: 'low' },
          after: { priority: 'high' },
          createdAt: '2026-03-01T10:06:00.000Z',
        },
        {
          id: 3,
          type: 'status_changed',
          source: 'api',
          actor: null,
          before: { status: 'open' },
          after: { status: 'resolved' },
          createdAt: '2026-03-01T11:00:00.000Z',
        },
      ]),
    );
    const store = useTicketDetailStore();
    await store.open({ kind: 'customer', id: 1, staff: true });
    expect(store.timeline.map((s) => `${s.status}@${s.at.slice(11, 16)}`)).toEqual([
      'new@10:00',
      'open@10:05',
      'resolved@11:00',
    ]);
  });
});
