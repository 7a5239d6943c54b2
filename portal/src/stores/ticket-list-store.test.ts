import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { useFreshStores } from '../test-support/fresh-stores.js';
import { useTicketListStore } from './ticket-list-store.js';

describe('useTicketListStore', () => {
  useFreshStores();

  it('loads the first page with the filters and search as query parameters', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets', () => json(200, { items: [makeTicket({ id: 1 })], nextCursor: 'c1' }));
    const store = useTicketListStore();
    await store.load({ statuses: ['open', 'pending'], q: ' printer ' });
    const query = server.sent('GET', '/api/tickets')[0]!.query;
    expect(Object.fromEntries(query)).toEqual({ status: 'open,pending', q: 'printer', limit: '25' });
    expect(store.items.map((t) => t.id)).toEqual([1]);
    expect(store.nextCursor).toBe('c1');
    expect(store.state).toBe('ready');
  });

  it('appends the next page with the cursor, skipping tickets already listed', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets', (r) =>
      r.query.get('cursor') === 'c1'
        ? json(200, { items: [makeTicket({ id: 2 }), makeTicket({ id: 3 })], nextCursor: null })
        : json(200, { items: [makeTicket({ id: 1 }), makeTicket({ id: 2 })], nextCursor: 'c1' }),
    );
    const store = useTicketListStore();
    await store.load({ statuses: ['open'] });
    await store.loadMore();
    expect(store.items.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(store.nextCursor).toBeNull();
    expect(server.sent('GET', '/api/tickets')[1]!.query.get('status')).toBe('open');
    await store.loadMore(); // nothing more to load
    expect(server.sent('GET', '/api/tickets')).toHaveLength(2);
  });

  it('lets the newest search win over an older, slower one', async () => {
    const server = fakeServer();
    let releaseSlow: () => void = () => undefined;
    server.on('GET', '/api/tickets', (r) =>
      r.query.get('q') === 'slow'
        ? new Promise<Response>(
            (resolve) => (releaseSlow = () => resolve(json(200, { items: [makeTicket({ id: 9 })], nextCursor: null }))),
          )
        : json(200, { items: [makeTicket({ id: 4 })], nextCursor: null }),
    );
    const store = useTicketListStore();
    const slow = store.load({ q: 'slow' });
    await store.load({ q: 'fast' });
    releaseSlow();
    await slow;
    expect(store.items.map((t) => t.id)).toEqual([4]);
    expect(store.filters.q).toBe('fast');
  });

  it('keeps an error message for people', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets', () =>
      apiError(503, 'dependency_unavailable', 'The ticket database is unavailable; try again shortly.'),
    );
    const store = useTicketListStore();
    await store.load();
    expect(store.state).toBe('error');
    expect(store.error).toBe('The ticket database is unavailable; try again shortly.');
  });
});
