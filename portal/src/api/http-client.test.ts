import { describe, expect, it } from 'vitest';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { ApiError } from './api-error.js';
import { apiRequest } from './http-client.js';

describe('apiRequest', () => {
  it('sends and reads JSON, with query parameters and no CSRF header on reads', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets', () => json(200, { items: [], nextCursor: null }));
    const page = await apiRequest('GET', '/api/tickets', { query: { status: 'open,pending', q: '', limit: 25 } });
    expect(page).toEqual({ items: [], nextCursor: null });
    const [sent] = server.sent('GET', '/api/tickets');
    expect(sent?.query.get('status')).toBe('open,pending');
    expect(sent?.query.has('q')).toBe(false);
    expect(sent?.headers['x-csrf-token']).toBeUndefined();
    expect(server.sent('GET', '/api/csrf')).toHaveLength(0);
  });

  it('fetches the CSRF token once and sends it on every write', async () => {
    const server = fakeServer();
    server.on('POST', '/api/tickets/1/messages', (r) => json(201, { id: 5, body: (r.body as { body: string }).body }));
    await apiRequest('POST', '/api/tickets/1/messages', { json: { body: 'one' } });
    await apiRequest('POST', '/api/tickets/1/messages', { json: { body: 'two' } });
    expect(server.sent('GET', '/api/csrf')).toHaveLength(1);
    expect(server.sent('POST', '/api/tickets/1/messages').map((r) => r.headers['x-csrf-token'])).toEqual([
      'csrf-1',
      'csrf-1',
    ]);
    expect(server.sent('POST', '/api/tickets/1/messages')[0]?.headers['content-type']).toBe('application/json');
  });

  it('refetches the token and retries once when the server refuses it as stale', async () => {
    const server = fakeServer();
    server.on('POST', '/api/tickets/1/close', (r) =>
      r.headers['x-csrf-token'] === 'csrf-1' ? apiError(403, 'forbidden', 'Invalid CSRF token.') : json(200, { id: 1 }),
    );
    await expect(apiRequest('POST', '/api/tickets/1/close')).resolves.toEqual({ id: 1 });
    expect(server.sent('GET', '/api/csrf')).toHaveLength(2);
    expect(server.sent('POST', '/api/tickets/1/close').map((r) => r.headers['x-csrf-token'])).toEqual([
      'csrf-1',
      'csrf-2',
    ]);
  });

  it('does not retry other 403s', async () => {
    const server = fakeServer();
    server.on('POST', '/api/tickets/1/close', () =>
      apiError(403, 'forbidden', 'Only the requester may close this ticket.'),
    );
    await expect(apiRequest('POST', '/api/tickets/1/close')).rejects.toMatchObject({
      status: 403,
      message: 'Only the requester may close this ticket.',
    });
    expect(server.sent('POST', '/api/tickets/1/close')).toHaveLength(1);
  });

  it('turns the contract error shape into an ApiError with field details', async () => {
    const server = fakeServer();
    server.on('POST', '/api/tickets', () =>
      apiError(400, 'validation_failed', 'The request is invalid; see details for each field.', [
        { path: 'title', message: 'must not be empty' },
        { bogus: true },
      ]),
    );
    const error = await apiRequest('POST', '/api/tickets', { json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      fieldIssues: [{ path: 'title', message: 'must not be empty' }],
    });
    expect((error as ApiError).fieldMessage('title')).toBe('must not be empty');
  });

  it('explains errors without the contract body, and unreachable servers', async () => {
    const server = fakeServer();
    server.on('GET', '/api/tickets', () => new Response('<html>Bad gateway</html>', { status: 503 }));
    await expect(apiRequest('GET', '/api/tickets')).rejects.toMatchObject({
      status: 503,
      code: 'dependency_unavailable',
      message: expect.stringMatching(/temporarily unavailable/),
    });
    server.on('GET', '/api/me', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(apiRequest('GET', '/api/me')).rejects.toMatchObject({
      status: 0,
      code: 'network',
      message: expect.stringMatching(/Could not reach TicketFlow/),
    });
  });
});
