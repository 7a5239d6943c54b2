import { beforeEach, describe, expect, it, vi } from 'vitest';
import { socketEvents } from '../../../domain/socket-events.js';
import type { TicketDetail } from '../../../domain/ticket.js';
import { customer, makeDetail, makeMessage, makeTicket } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { lastSocket, sockets } from '../test-support/fake-socket.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('socket.io-client', async () => (await import('../test-support/fake-socket.js')).socketIoModule);
vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

function serve(detail: TicketDetail) {
  const server = fakeServer();
  server.on('GET', '/api/me', () => json(200, customer));
  server.on('GET', `/api/tickets/${detail.id}`, () => json(200, detail));
  server.on('GET', `/api/tickets/${detail.id}/sla`, () =>
    json(200, {
      policy: null,
      calendar: null,
      paused: false,
      breached: false,
      firstResponse: { dueAt: '2099-03-01T12:00:00.000Z', remainingSeconds: 100, metAt: null, breachedAt: null },
      resolution: { dueAt: null, remainingSeconds: null, metAt: null, breachedAt: null },
      nextTimer: null,
    }),
  );
  server.on('GET', '/api/tickets', () => json(200, { items: [], nextCursor: null }));
  return server;
}

describe('the ticket page', () => {
  beforeEach(() => {
    sockets.length = 0;
  });

  it('shows the ticket, its public conversation with downloads, the SLA hint and its history', async () => {
    serve(
      makeDetail({
        id: 3,
        messages: [
          makeMessage({
            ticketId: 3,
            body: 'Try **turning it off**',
            attachments: [
              {
                id: 9,
                filename: 'steps.pdf',
                contentType: 'application/pdf',
                sizeBytes: 2048,
                url: '/api/attachments/9',
                messageId: 100,
                createdAt: '2026-03-01T11:00:00.000Z',
              },
            ],
          }),
        ],
      }),
    );
    const { wrapper } = await mountPortal('/tickets/3');
    expect(wrapper.get('[data-testid="ticket-heading"]').text()).toBe('Printer on fire 3');
    expect(document.title).toBe('TF-1003 Printer on fire 3 · TicketFlow support');
    expect(wrapper.get('[data-testid="status-badge"]').text()).toBe('Status: Open');
    expect(wrapper.get('[data-testid="sla-hint"]').text()).toMatch(/^Reply expected by \S/);
    const messages = wrapper.findAll('[data-testid="message"]');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.get('[data-testid="markdown"]').html()).toContain('<strong>turning it off</strong>');
    expect(messages[0]!.get('[data-testid="attachment"] a').attributes()).toMatchObject({
      href: '/api/attachments/9',
      download: '',
    });
    expect(wrapper.get('[data-testid="conversation"]').text()).toContain('Jo Customer (you) wrote');
    expect(wrapper.findAll('[data-testid="status-timeline"] li').map((li) => li.get('.badge').text())).toEqual([
      'Status: New',
      'Status: Open',
    ]);
  });

  it('follows the ticket live, announces new replies and shows "Reconnecting…" while disconnected', async () => {
    serve(makeDetail({ id: 3 }));
    const { wrapper } = await mountPortal('/tickets/3');
    const socket = lastSocket();
    socket.serverConnect();
    socket.serverSend(socketEvents.messageCreated, { ticketId: 3, message: makeMessage({ id: 1, ticketId: 3 }) });
    socket.serverSend(socketEvents.messageCreated, {
      ticketId: 3,
      message: makeMessage({ id: 2, ticketId: 3, body: 'Fixed it' }),
    });
    await settle();
    expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(2);
    expect(wrapper.get('[data-testid="announcer"]').text()).toBe('New reply from Ada Agent.');

    socket.serverSend(socketEvents.ticketUpdated, { ticket: makeTicket({ id: 3, status: 'resolved', version: 2 }) });
    await settle();
    expect(wrapper.get('[data-testid="status-badge"]').text()).toBe('Status: Resolved');

    socket.serverDrop();
    await settle();
    expect(wrapper.get('[data-testid="live-status"]').text()).toMatch(/^Reconnecting…/);
    socket.serverConnect();
    await settle();
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('');
  });

  it('removes its socket listeners and leaves the room when the customer navigates away', async () => {
    serve(makeDetail({ id: 3 }));
    const { router } = await mountPortal('/tickets/3');
    const socket = lastSocket();
    socket.serverConnect();
    expect(socket.listenerCount(socketEvents.messageCreated)).toBe(1);
    await router.push('/tickets');
    await settle();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.emitted.map((e) => e.event)).toEqual([socketEvents.subscribe, socketEvents.unsubscribe]);
    expect(socket.disconnectCalls).toBe(1);
  });

  it('moves focus to the heading of the page it navigates to', async () => {
    serve(makeDetail({ id: 3 }));
    const { router } = await mountPortal('/tickets');
    await router.push('/tickets/3');
    await settle();
    expect(document.activeElement?.tagName).toBe('H1');
    expect(document.activeElement?.textContent).toBe('Printer on fire 3');
  });

  it('closes after confirmation, and explains a refusal', async () => {
    const server = serve(makeDetail({ id: 3 }));
    server.on('POST', '/api/tickets/3/close', () =>
      apiError(409, 'conflict', 'A closed ticket cannot change status (tried closed).'),
    );
    const { wrapper } = await mountPortal('/tickets/3');
    await wrapper.get('[data-testid="close-ticket"]').trigger('click');
    expect(server.sent('POST', '/api/tickets/3/close')).toHaveLength(0);
    await wrapper.get('[data-testid="confirm-close"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="action-error"]').text()).toBe(
      'A closed ticket cannot change status (tried closed).',
    );

    server.on('POST', '/api/tickets/3/close', () => json(200, makeTicket({ id: 3, status: 'closed', version: 2 })));
    await wrapper.get('[data-testid="confirm-close"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="status-badge"]').text()).toBe('Status: Closed');
    expect(wrapper.find('[data-testid="reply-form"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="close-ticket"]').exists()).toBe(false);
  });

  it('reopens a resolved ticket', async () => {
    const server = serve(
      makeDetail({
        id: 3,
        status: 'resolved',
        rating: { score: 5, comment: null, createdAt: '2026-03-02T10:00:00.000Z' },
      }),
    );
    server.on('POST', '/api/tickets/3/reopen', () => json(200, makeTicket({ id: 3, status: 'open', version: 2 })));
    const { wrapper } = await mountPortal('/tickets/3');
    expect(wrapper.find('[data-testid="rating-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="rating-given"]').text()).toContain('5 out of 5');
    await wrapper.get('[data-testid="reopen-ticket"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="status-badge"]').text()).toBe('Status: Open');
    expect(wrapper.get('[data-testid="announcer"]').text()).toBe('Ticket reopened.');
  });

  it('offers a rating once resolved, validates it and sends it', async () => {
    const server = serve(makeDetail({ id: 3, status: 'resolved' }));
    server.on('POST', '/api/tickets/3/rating', () =>
      json(201, { score: 4, comment: 'Quick, thanks', createdAt: '2026-03-02T10:00:00.000Z' }),
    );
    const { wrapper } = await mountPortal('/tickets/3');
    const form = wrapper.get('[data-testid="rating-form"]');
    await form.trigger('submit');
    expect(form.get('#rating-score-error').text()).toBe(
      'Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).',
    );
    expect(server.sent('POST', '/api/tickets/3/rating')).toHaveLength(0);

    await wrapper.get('[data-testid="rating-4"]').setValue(true);
    await wrapper.get('[data-testid="rating-comment"]').setValue('Quick, thanks');
    await form.trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets/3/rating')[0]?.body).toEqual({ score: 4, comment: 'Quick, thanks' });
    expect(wrapper.find('[data-testid="rating-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="rating-given"]').text()).toContain('4 out of 5');
  });

  it('sends a reply and uploads its files to that reply', async () => {
    const { FakeXhr } = await import('../test-support/fake-xhr.js');
    FakeXhr.reset();
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const server = serve(makeDetail({ id: 3 }));
    server.on('POST', '/api/tickets/3/messages', () =>
      json(
        201,
        makeMessage({
          id: 77,
          ticketId: 3,
          author: { id: customer.id, name: customer.name, email: customer.email },
          body: 'Here is a log',
        }),
      ),
    );
    const { wrapper } = await mountPortal('/tickets/3');
    const form = wrapper.get('[data-testid="reply-form"]');
    await form.trigger('submit');
    expect(wrapper.get('#reply-body-error').text()).toBe('Error: Your reply must not be empty');

    await wrapper.get('[data-testid="reply-body"]').setValue('Here is a log');
    const input = wrapper.get('[data-testid="file-input"]');
    Object.defineProperty(input.element, 'files', {
      value: [new File(['log line'], 'app.log', { type: 'text/plain' })],
      configurable: true,
    });
    await input.trigger('change');
    await form.trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets/3/messages')[0]?.body).toEqual({ body: 'Here is a log' });
    expect(FakeXhr.last().body?.get('messageId')).toBe('77');
    FakeXhr.last().respond(201, {
      id: 5,
      filename: 'app.log',
      contentType: 'text/plain',
      sizeBytes: 8,
      url: '/api/attachments/5',
      messageId: 77,
      createdAt: '2026-03-01T12:00:00.000Z',
    });
    await settle();
    const mine = wrapper.findAll('[data-testid="message"]');
    expect(mine[0]!.classes()).toContain('mine');
    expect(mine[0]!.get('[data-testid="attachment"]').text()).toContain('app.log');
    expect((wrapper.get('[data-testid="reply-body"]').element as HTMLTextAreaElement).value).toBe('');
    expect(wrapper.find('[data-testid="upload-item"]').exists()).toBe(false);
  });

  it('resends a reply whose answer was lost with the same Idempotency-Key, and the next reply with a new one', async () => {
    const server = serve(makeDetail({ id: 9 }));
    let answers = 0;
    server.on('POST', '/api/tickets/9/messages', () => {
      answers += 1;
      if (answers === 1) throw new TypeError('Failed to fetch');
      return json(201, makeMessage({ id: 500 + answers, ticketId: 9, author: { ...customer }, body: 'Still broken' }));
    });
    const { wrapper } = await mountPortal('/tickets/9');
    await wrapper.get('[data-testid="reply-body"]').setValue('Still broken');
    const form = wrapper.get('[data-testid="reply-form"]');
    await form.trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="reply-error"]').text()).toMatch(/Could not reach TicketFlow/);
    await form.trigger('submit');
    await settle();
    await wrapper.get('[data-testid="reply-body"]').setValue('Still broken');
    await form.trigger('submit');
    await settle();
    const keys = server.sent('POST', '/api/tickets/9/messages').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('says "Ticket not found" for a ticket the customer may not see', async () => {
    const server = serve(makeDetail({ id: 3 }));
    server.on('GET', '/api/tickets/99', () => apiError(404, 'not_found', 'Ticket 99 was not found.'));
    const { wrapper } = await mountPortal('/tickets/99');
    expect(wrapper.get('h1').text()).toBe('Ticket not found');
    expect(wrapper.get('[data-testid="ticket-not-found"]').text()).toContain('belongs to someone else');
  });

  it('follows a ticket merged into another to that ticket, whose copied messages say where they came from', async () => {
    const server = serve(
      makeDetail({
        id: 5,
        messages: [
          makeMessage({ ticketId: 5, body: 'Mine too', mergedFrom: { ticketId: 4, number: 'TF-1004', messageId: 70 } }),
        ],
      }),
    );
    server.on('GET', '/api/tickets/4', () => json(200, makeDetail({ id: 4, status: 'closed', mergedIntoTicketId: 5 })));
    const { wrapper, router } = await mountPortal('/tickets/4');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/tickets/5');
    expect(wrapper.get('[data-testid="ticket-heading"]').text()).toBe('Printer on fire 5');
    expect(wrapper.get('[data-testid="merged-from"]').text()).toBe('· merged from TF-1004');
  });
});
