import { describe, expect, it } from 'vitest';
import { byNameOnly, messageForCustomers } from './customer-view.js';
import type { TicketMessage } from './ticket.js';

const message: TicketMessage = {
  id: 7,
  ticketId: 3,
  author: { id: 11, name: 'Ada Agent', email: 'ada@helpdesk.test' },
  body: 'We are on it.',
  internal: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  attachments: [],
};

describe('what customers see of people', () => {
  it('keeps the name and id of a person and drops the address', () => {
    expect(byNameOnly({ id: 11, name: 'Ada Agent', email: 'ada@helpdesk.test' })).toEqual({
      id: 11,
      name: 'Ada Agent',
    });
  });

  it('gives a message its author by name only and leaves the rest, and the original, as they were', () => {
    const seen = messageForCustomers(message);
    expect(seen).toEqual({ ...message, author: { id: 11, name: 'Ada Agent' } });
    expect(JSON.stringify(seen)).not.toContain('ada@helpdesk.test');
    expect(message.author?.email).toBe('ada@helpdesk.test');
  });

  it('leaves a message without an author (the system) as it is', () => {
    expect(messageForCustomers({ ...message, author: null })).toEqual({ ...message, author: null });
  });
});
