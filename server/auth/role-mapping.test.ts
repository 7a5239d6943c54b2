import { describe, expect, it } from 'vitest';
import { claimValues, mappedRole } from './role-mapping.js';

describe('mappedRole', () => {
  const map = { 'TicketFlow.Agent': 'agent', 'TicketFlow.Manager': 'manager', '6f1c2a9e-group': 'admin' } as const;

  it('picks the highest mapped role and ignores values it does not know', () => {
    expect(mappedRole(['Other', 'TicketFlow.Agent', 'TicketFlow.Manager'], map)).toBe('manager');
    expect(mappedRole(['TicketFlow.Agent', '6f1c2a9e-group'], map)).toBe('admin');
    expect(mappedRole(['Other'], map)).toBeNull();
    expect(mappedRole([], map)).toBeNull();
    expect(mappedRole(['constructor', 'toString'], map)).toBeNull();
  });

  it('reads list and single-string claims', () => {
    expect(claimValues(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(claimValues('agent')).toEqual(['agent']);
    expect(claimValues(undefined)).toEqual([]);
  });
});
