import { describe, expect, it } from 'vitest';
import type { UserRole } from './roles.js';
import {
  allPermissions,
  authorize,
  authorizeOnTicket,
  type Permission,
  type PermissionSubject,
} from './permissions.js';

type Caller = PermissionSubject & { organizationId: number | null };

const session = (role: UserRole, userId = 1): Caller => ({
  userId,
  role,
  organizationId: null,
  scopes: null,
  via: 'session',
});
const key = (role: UserRole, scopes: Caller['scopes']): Caller => ({
  userId: 1,
  role,
  organizationId: null,
  scopes,
  via: 'api_key',
});
const allowed = (fn: () => void) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

// Before any ticket is known: which role may even start each action (the matrix of the contract).
const byRole: Record<Permission, Record<UserRole, boolean>> = {
  'me:read': { admin: true, manager: true, agent: true, customer: true },
  'csrf:read': { admin: true, manager: true, agent: true, customer: true },
  'tickets:list': { admin: true, manager: true, agent: true, customer: true },
  'tickets:read': { admin: true, manager: true, agent: true, customer: true },
  'tickets:create': { admin: true, manager: true, agent: true, customer: true },
  'tickets:create_for_requester': { admin: true, manager: true, agent: true, customer: false },
  'tickets:update': { admin: true, manager: true, agent: true, customer: false },
  'tickets:reply': { admin: true, manager: true, agent: true, customer: true },
  'tickets:note': { admin: true, manager: true, agent: true, customer: false },
  'tickets:attach': { admin: true, manager: true, agent: true, customer: true },
  'attachments:read': { admin: true, manager: true, agent: true, customer: true },
  'tickets:close': { admin: true, manager: true, agent: true, customer: true },
  'tickets:reopen': { admin: true, manager: true, agent: true, customer: true },
  'tickets:rate': { admin: true, manager: true, agent: true, customer: true },
  'tickets:sla': { admin: true, manager: true, agent: true, customer: true },
  'tickets:merge': { admin: true, manager: true, agent: true, customer: false },
  'tickets:events': { admin: true, manager: true, agent: true, customer: false },
  'custom_fields:read': { admin: true, manager: true, agent: true, customer: true },
  'macros:list': { admin: true, manager: true, agent: true, customer: false },
  'macros:apply': { admin: true, manager: true, agent: true, customer: false },
  'views:read': { admin: true, manager: true, agent: true, customer: false },
  'views:manage': { admin: true, manager: true, agent: true, customer: false },
  'views:share': { admin: true, manager: true, agent: false, customer: false },
  'kb:images': { admin: true, manager: true, agent: true, customer: false },
  'reports:read': { admin: true, manager: true, agent: false, customer: false },
  'webhooks:read': { admin: true, manager: false, agent: false, customer: false },
  'webhooks:manage': { admin: true, manager: false, agent: false, customer: false },
};

describe('authorize', () => {
  it('has a rule for every action of the contract, and each role gets what the table says', () => {
    expect(Object.keys(byRole).sort()).toEqual([...allPermissions].sort());
    for (const permission of allPermissions) {
      for (const role of ['admin', 'manager', 'agent', 'customer'] as const) {
        expect(
          allowed(() => authorize(session(role), permission)),
          `${role} ${permission}`,
        ).toBe(byRole[permission][role]);
      }
    }
  });

  it('holds API keys to their scopes and keeps CSRF tokens for browser sessions', () => {
    const readOnly = key('agent', ['tickets:read']);
    expect(allowed(() => authorize(readOnly, 'tickets:read'))).toBe(true);
    expect(allowed(() => authorize(readOnly, 'me:read'))).toBe(true);
    expect(() => authorize(readOnly, 'tickets:create')).toThrow('This API key lacks the tickets:write scope.');
    expect(() => authorize(readOnly, 'tickets:update')).toThrow(/tickets:write/);
    expect(() => authorize(key('admin', ['tickets:read', 'tickets:write']), 'csrf:read')).toThrow(
      /Only a signed-in browser session may get a CSRF token/,
    );
    expect(() => authorize(key('customer', ['tickets:read', 'tickets:write']), 'tickets:events')).toThrow(
      "Only staff may read a ticket's audit trail.",
    );
  });

  it('lets only the requester rate, and the requester or staff close and reopen', () => {
    const own = { requesterId: 7 };
    expect(allowed(() => authorizeOnTicket(session('customer', 7), 'tickets:rate', own))).toBe(true);
    expect(() => authorizeOnTicket(session('customer', 8), 'tickets:rate', own)).toThrow(
      "Only the ticket's requester may rate this ticket.",
    );
    expect(() => authorizeOnTicket(session('agent', 9), 'tickets:rate', own)).toThrow(/requester/);
    expect(allowed(() => authorizeOnTicket(session('agent', 9), 'tickets:close', own))).toBe(true);
    expect(allowed(() => authorizeOnTicket(session('customer', 7), 'tickets:reopen', own))).toBe(true);
    expect(() => authorizeOnTicket(session('customer', 8), 'tickets:close', own)).toThrow(
      "Only the ticket's requester or staff may close this ticket.",
    );
  });
});
