import { describe, expect, it, vi } from 'vitest';
import { customer, makeTicket } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

function signedIn() {
  const server = fakeServer();
  server.on('GET', '/api/me', () => json(200, customer));
  return server;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('my tickets', () => {
  it('lists tickets with status and priority badges and an SLA hint', async () => {
    const server = signedIn();
    server.on('GET', '/api/tickets', () =>
      json(200, {
        items: [
          makeTicket({ id: 1, status: 'new', priority: 'urgent' }),
          makeTicket({
            id: 2,
            status: 'open',
            sla: {
              firstResponseDueAt: '2020-01-01T00:00:00.000Z',
              resolutionDueAt: '2020-01-02T00:00:00.000Z',
              breached: true,
            },
          }),
          makeTicket({ id: 3, status: 'pending' }),
          makeTicket({ id: 4, status: 'closed' }),
        ],
        nextCursor: null,
      }),
    );
    const { wrapper } = await mountPortal('/tickets');
    const card = (id: number) => wrapper.get(`[data-testid="ticket-${id}"]`);
    expect(card(1).get('a').attributes('href')).toBe('/tickets/1');
    expect(card(1).get('[data-testid="priority-badge"]').text()).toBe('Urgent priority');
    expect(card(1).get('[data-testid="sla-hint"]').text()).toMatch(/^Reply expected by /);
    expect(card(1).find('time[datetime="2099-03-01T12:00:00.000Z"]').exists()).toBe(true);
    expect(card(2).get('[data-testid="sla-hint"]').text()).toBe('⚠\u00a0Overdue');
    expect(card(3).get('[data-testid="status-badge"]').text()).toBe('Status: Waiting for you');
    expect(card(3).find('[data-testid="sla-hint"]').exists()).toBe(false);
    expect(card(4).find('[data-testid="sla-hint"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="announcer"]').text()).toBe('4 tickets shown.');
  });

  it('helps when there are no tickets yet', async () => {
    const server = signedIn();
    server.on('GET', '/api/tickets', () => json(200, { items: [], nextCursor: null }));
    const { wrapper } = await mountPortal('/tickets');
    const empty = wrapper.get('[data-testid="empty-state"]');
    expect(empty.get('h2').text()).toBe('You have no tickets yet');
    expect(empty.get('a').attributes('href')).toBe('/tickets/new');
  });

  it('filters by status through the URL and offers to clear filters when nothing matches', async () => {
    const server = signedIn();
    server.on('GET', '/api/tickets', () => json(200, { items: [], nextCursor: null }));
    const { wrapper, router } = await mountPortal('/tickets');
    await wrapper.get('[data-testid="status-pending"]').setValue(true);
    await settle();
    expect(router.currentRoute.value.query).toEqual({ status: 'pending' });
    expect(server.sent('GET', '/api/tickets').at(-1)?.query.get('status')).toBe('pending');
    expect(wrapper.get('[data-testid="empty-state"] h2').text()).toBe('No tickets match');
    await wrapper.get('[data-testid="empty-state"] button').trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toEqual({});
    expect(server.sent('GET', '/api/tickets').at(-1)?.query.has('status')).toBe(false);
  });

  it('searches once typing pauses, not on every key', async () => {
    const server = signedIn();
    server.on('GET', '/api/tickets', () => json(200, { items: [makeTicket()], nextCursor: null }));
    const { wrapper, router } = await mountPortal('/tickets');
    const search = wrapper.get('[data-testid="ticket-search"]');
    for (const text of ['p', 'pr', 'printer']) {
      await search.setValue(text);
      await search.trigger('input');
    }
    await settle();
    expect(server.sent('GET', '/api/tickets')).toHaveLength(1);
    await wait(350);
    await settle();
    expect(server.sent('GET', '/api/tickets')).toHaveLength(2);
    expect(server.sent('GET', '/api/tickets')[1]?.query.get('q')).toBe('printer');
    expect(router.currentRoute.value.query).toEqual({ q: 'printer' });
    expect(document.activeElement).not.toBe(wrapper.get('h1').element); // filtering keeps focus where it is
  });

  it('loads more with the cursor and moves focus to the first new ticket', async () => {
    const server = signedIn();
    server.on('GET', '/api/tickets', (r) =>
      r.query.get('cursor') === 'next'
        ? json(200, { items: [makeTicket({ id: 3 })], nextCursor: null })
        : json(200, { items: [makeTicket({ id: 1 }), makeTicket({ id: 2 })], nextCursor: 'next' }),
    );
    const { wrapper } = await mountPortal('/tickets');
    await wrapper.get('[data-testid="load-more"]').trigger('click');
    await settle();
    expect(wrapper.findAll('.ticket-card')).toHaveLength(3);
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false);
    expect(document.activeElement?.textContent).toBe('Printer on fire 3');
  });

  it('shows a loading state, then an error with a retry', async () => {
    const server = signedIn();
    let release: (r: Response) => void = () => undefined;
    server.on('GET', '/api/tickets', () => new Promise<Response>((resolve) => (release = resolve)));
    const { wrapper } = await mountPortal('/tickets');
    expect(wrapper.get('[data-testid="loading"]').text()).toBe('Loading your tickets…');
    release(apiError(503, 'dependency_unavailable', 'The ticket database is unavailable; try again shortly.'));
    await settle();
    expect(wrapper.get('[data-testid="list-error"]').text()).toContain('The ticket database is unavailable');
    server.on('GET', '/api/tickets', () => json(200, { items: [makeTicket()], nextCursor: null }));
    await wrapper.get('[data-testid="list-error"] button').trigger('click');
    await settle();
    expect(wrapper.findAll('.ticket-card')).toHaveLength(1);
  });
});
