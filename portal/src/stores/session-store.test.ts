import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { leaveTo } from '../api/browser-location.js';
import { safeReturnTo } from '../api/session-api.js';
import { customer } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { useFreshStores } from '../test-support/fresh-stores.js';
import { useSessionStore } from './session-store.js';

vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

describe('useSessionStore', () => {
  useFreshStores();
  beforeEach(() => {
    vi.mocked(leaveTo).mockClear();
  });

  it('loads the caller once, however many ask at the same time', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, customer));
    const session = useSessionStore();
    const [a, b] = await Promise.all([session.ensureLoaded(), session.ensureLoaded()]);
    expect(a).toEqual(customer);
    expect(b).toEqual(customer);
    await session.ensureLoaded();
    expect(server.sent('GET', '/api/me')).toHaveLength(1);
    expect(session.isSignedIn).toBe(true);
  });

  it('treats {user: null} (and a 401) as signed out, and other failures as unknown with a message', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, { user: null }));
    const anonymous = useSessionStore();
    expect(await anonymous.ensureLoaded()).toBeNull();
    expect(anonymous.state).toBe('ready');
    expect(anonymous.isSignedIn).toBe(false);

    setActivePinia(createPinia());
    server.on('GET', '/api/me', () => apiError(401, 'unauthenticated', 'Sign in.'));
    const session = useSessionStore();
    expect(await session.ensureLoaded()).toBeNull();
    expect(session.state).toBe('ready');
    expect(session.error).toBeNull();

    setActivePinia(createPinia());
    server.on('GET', '/api/me', () => apiError(503, 'dependency_unavailable', 'The database is down.'));
    const other = useSessionStore();
    expect(await other.ensureLoaded()).toBeNull();
    expect(other.state).toBe('error');
    expect(other.error).toMatch(/could not check whether you are signed in\. The database is down\./);
  });

  it('signs in through the OIDC route, returning to the page the customer came from', () => {
    useSessionStore().signIn('/tickets/12?tab=files');
    expect(leaveTo).toHaveBeenCalledWith('/auth/login?returnTo=%2Ftickets%2F12%3Ftab%3Dfiles');
  });

  it('never returns off-site after sign-in', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/auth/login',
      '/.//evil.example/x',
      '/%2e%2e//evil.example/x',
      '/%5cevil.example',
      '/\uFF0F\uFF0Fevil.example',
      'tickets',
      undefined,
      ['/a'],
    ]) {
      expect(safeReturnTo(bad)).toBe('/tickets');
    }
    expect(safeReturnTo('/guest/t/abc')).toBe('/guest/t/abc');
  });

  it('signs out with the CSRF header, then starts afresh at /', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, customer));
    server.on('POST', '/auth/logout', () => new Response(null, { status: 204 }));
    const session = useSessionStore();
    await session.ensureLoaded();
    await session.signOut();
    expect(server.sent('POST', '/auth/logout')[0]?.headers['x-csrf-token']).toBe('csrf-1');
    expect(session.me).toBeNull();
    expect(leaveTo).toHaveBeenCalledWith('/');
  });

  it('counts a redirecting logout as done, and keeps the session when logout fails', async () => {
    const server = fakeServer();
    server.on('GET', '/api/me', () => json(200, customer));
    // What fetch gives for a redirect with `redirect: 'manual'`: status 0, type opaqueredirect.
    server.on('POST', '/auth/logout', () =>
      Object.defineProperties(new Response(null, { status: 500 }), {
        type: { value: 'opaqueredirect' },
        ok: { value: false },
      }),
    );
    const session = useSessionStore();
    await session.ensureLoaded();
    await session.signOut();
    expect(leaveTo).toHaveBeenCalledWith('/');

    vi.mocked(leaveTo).mockClear();
    setActivePinia(createPinia());
    server.on('POST', '/auth/logout', () => apiError(503, 'dependency_unavailable', 'Sessions are unavailable.'));
    const other = useSessionStore();
    await other.ensureLoaded();
    await other.signOut();
    expect(leaveTo).not.toHaveBeenCalled();
    expect(other.me).toEqual(customer);
    expect(other.error).toBe('Signing out failed. Sessions are unavailable.');
  });
});
