import { describe, expect, it } from 'vitest';
import { mergeRefusal, type MergeFacts } from './ticket-merge.js';

const ticket = (id: number, extra: Partial<MergeFacts> = {}): MergeFacts => ({
  id,
  number: `TF-${1000 + id}`,
  status: 'open',
  organizationId: 1,
  mergedIntoTicketId: null,
  ...extra,
});

describe('mergeRefusal', () => {
  it('allows two open tickets of one organization', () => {
    expect(mergeRefusal(ticket(1), ticket(2), false)).toBeNull();
  });

  it('refuses a merge into itself', () => {
    expect(mergeRefusal(ticket(1), ticket(1), true)?.message).toMatch(/into itself/);
  });

  it('refuses circular merges and merges into a merged ticket', () => {
    expect(mergeRefusal(ticket(1), ticket(2, { mergedIntoTicketId: 1 }), true)?.message).toMatch(/circular/);
    expect(mergeRefusal(ticket(1), ticket(2, { mergedIntoTicketId: 3 }), true)?.message).toMatch(/TF-1002 was itself/);
    expect(mergeRefusal(ticket(1, { mergedIntoTicketId: 3 }), ticket(2), true)?.message).toMatch(/already merged/);
  });

  it('refuses a closed target or duplicate', () => {
    expect(mergeRefusal(ticket(1), ticket(2, { status: 'closed' }), true)?.reason).toBe('closed');
    expect(mergeRefusal(ticket(1, { status: 'closed' }), ticket(2), true)?.reason).toBe('closed');
  });

  it('refuses across organizations unless an admin merges', () => {
    const other = ticket(2, { organizationId: 2 });
    expect(mergeRefusal(ticket(1), other, false)?.reason).toBe('forbidden');
    expect(mergeRefusal(ticket(1), other, true)).toBeNull();
    expect(mergeRefusal(ticket(1, { organizationId: null }), ticket(2), false)?.reason).toBe('forbidden');
  });
});
