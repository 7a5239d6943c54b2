import { describe, expect, it } from 'vitest';
import { loggableUrl } from './request-logging.js';

describe('loggableUrl', () => {
  it('keeps ordinary URLs, and drops sign-in queries and guest link tokens', () => {
    expect(loggableUrl('/api/tickets?status=open')).toBe('/api/tickets?status=open');
    expect(loggableUrl('/auth/callback?code=abc&state=def')).toBe('/auth/callback?[Redacted]');
    expect(loggableUrl('/api/guest/tickets/12.1790000000.sig_-x/messages')).toBe(
      '/api/guest/tickets/[Redacted]/messages',
    );
    expect(loggableUrl('/api/guest/tickets/12.1790000000.sig')).toBe('/api/guest/tickets/[Redacted]');
    expect(loggableUrl('/guest/t/12.1790000000.sig')).toBe('/guest/t/[Redacted]');
    expect(loggableUrl('/api/guest/tickets')).toBe('/api/guest/tickets');
  });
});
