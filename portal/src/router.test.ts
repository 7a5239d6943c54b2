import { beforeEach, describe, expect, it, vi } from 'vitest';
import { leaveTo } from './api/browser-location.js';
import { customer } from './test-support/fixtures.js';
import { apiError, fakeServer, json } from './test-support/fake-server.js';
import { mountPortal } from './test-support/mount-portal.js';

vi.mock('./api/browser-location.js', () => ({ leaveTo: vi.fn() }));

describe('the router', () => {
  beforeEach(() => vi.mocked(leaveTo).mockClear());

  it('sends anonymous visitors of a protected page to sign in, returning there afterwards', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => apiError(401, 'unauthenticated', 'Sign in.'));
    await mountPortal('/tickets/12');
    expect(leaveTo).toHaveBeenCalledWith('/auth/login?returnTo=%2Ftickets%2F12');
  });

  it('lets anonymous visitors use the landing and guest pages', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => apiError(401, 'unauthenticated', 'Sign in.'));
    const { wrapper, router } = await mountPortal('/');
    expect(wrapper.get('h1').text()).toBe('Get help from our support team');
    await wrapper.get('[data-testid="header-sign-in"]').trigger('click');
    expect(leaveTo).toHaveBeenCalledWith('/auth/login?returnTo=%2F');
    await router.push('/guest/new');
    expect(leaveTo).toHaveBeenCalledTimes(1);
  });

  it('takes signed-in customers from the landing page to their tickets, and signs out', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, customer));
    server.on('GET', '/api/tickets', () => json(200, { items: [], nextCursor: null }));
    server.on('POST', '/auth/logout', () => new Response(null, { status: 204 }));
    const { wrapper, router } = await mountPortal('/');
    expect(router.currentRoute.value.fullPath).toBe('/tickets');
    expect(wrapper.get('[data-testid="signed-in-as"]').text()).toBe('Signed in as Jo Customer');
    await wrapper.get('[data-testid="sign-out"]').trigger('click');
    await vi.waitFor(() => expect(leaveTo).toHaveBeenCalledWith('/'));
    expect(server.sent('POST', '/auth/logout')).toHaveLength(1);
  });

  it('does not loop through sign-in when the session cannot be checked', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => apiError(503, 'dependency_unavailable', 'The database is down.'));
    const { wrapper, router } = await mountPortal('/tickets');
    expect(leaveTo).not.toHaveBeenCalled();
    expect(router.currentRoute.value.name).toBe('home');
    expect(wrapper.get('[role="alert"]').text()).toContain('We could not check whether you are signed in');
  });

  it('answers unknown addresses with a page-not-found', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, customer));
    const { wrapper } = await mountPortal('/no/such/page');
    expect(wrapper.get('h1').text()).toBe('Page not found');
    expect(document.title).toBe('Page not found · TicketFlow support');
  });
});
