import { isStaff } from '../../domain/roles.js';
import type { ApiKeyScope } from '../../db/api-keys.js';
import type { Caller } from './caller.js';
import { forbidden } from '../http-error.js';

/**
 * Who may use an action, before ticket visibility (which the ticket service checks, answering 404):
 * - `signed-in`: any authenticated caller;
 * - `staff`: admin, manager or agent;
 * - `requester`: only the ticket's requester (staff too are refused);
 * - `requester-or-staff`: the ticket's requester, or staff.
 */
type Audience = 'signed-in' | 'staff' | 'requester' | 'requester-or-staff';

interface Rule {
  /** The API key scope the action needs; null when any key will do. */
  scope: ApiKeyScope | null;
  who: Audience;
  /** Set when only a browser session may do it (API keys are refused). */
  sessionOnly?: true;
  /** What the action does, for error messages: "Only staff may <what>." */
  what: string;
}

/** Every action of the HTTP contract (DESIGN.md), built or not yet, and who may do it. */
const permissions = {
  'me:read': { scope: null, who: 'signed-in', what: 'see who they are' },
  // A CSRF token guards cookie-authenticated writes; browsers never attach API keys on their own.
  'csrf:read': { scope: null, who: 'signed-in', sessionOnly: true, what: 'get a CSRF token (API-key requests need none)' },
  'tickets:list': { scope: 'tickets:read', who: 'signed-in', what: 'list tickets' },
  'tickets:read': { scope: 'tickets:read', who: 'signed-in', what: 'read tickets' },
  'tickets:create': { scope: 'tickets:write', who: 'signed-in', what: 'create tickets' },
  'tickets:update': { scope: 'tickets:write', who: 'staff', what: "change a ticket's status, priority, assignee or team" },
  'tickets:reply': { scope: 'tickets:write', who: 'signed-in', what: 'reply on tickets' },
  'tickets:note': { scope: 'tickets:write', who: 'staff', what: 'write internal notes' },
  'tickets:attach': { scope: 'tickets:write', who: 'signed-in', what: 'attach files to tickets' },
  'attachments:read': { scope: 'tickets:read', who: 'signed-in', what: 'download attachments' },
  'tickets:close': { scope: 'tickets:write', who: 'requester-or-staff', what: 'close this ticket' },
  'tickets:reopen': { scope: 'tickets:write', who: 'requester-or-staff', what: 'reopen this ticket' },
  'tickets:rate': { scope: 'tickets:write', who: 'requester', what: 'rate this ticket' },
  'tickets:sla': { scope: 'tickets:read', who: 'signed-in', what: "see a ticket's SLA state" },
  'tickets:events': { scope: 'tickets:read', who: 'staff', what: "read a ticket's audit trail" },
} as const satisfies Record<string, Rule>;

/** An action the API guards. */
export type Permission = keyof typeof permissions;

/** Actions whose rule depends on the ticket's requester: check them with the ticket at hand. */
export type TicketPermission = { [P in Permission]: (typeof permissions)[P]['who'] extends 'requester' | 'requester-or-staff' ? P : never }[Permission];

/** Every guarded action, for tests and the API documentation. */
export const allPermissions = Object.keys(permissions) as Permission[];

/** The rule behind an action. */
export function permissionRule(permission: Permission): Readonly<Rule> {
  return permissions[permission];
}

/**
 * The one place role and scope checks happen: throws 403 when the caller may not do `permission`.
 * For requester rules this checks what is known without the ticket (the key's scope); the route
 * then calls `authorizeOnTicket` with the ticket at hand.
 */
export function authorize(caller: Caller, permission: Permission): void {
  check(caller, permission, null);
}

/** `authorize` for actions whose rule names the ticket's requester (close, reopen, rate). */
export function authorizeOnTicket(caller: Caller, permission: TicketPermission, ticket: { requesterId: number }): void {
  check(caller, permission, ticket);
}

function check(caller: Caller, permission: Permission, ticket: { requesterId: number } | null): void {
  const rule: Rule = permissions[permission];
  if (rule.sessionOnly && caller.via !== 'session') throw forbidden(`Only a signed-in browser session may ${rule.what}.`);
  if (rule.scope && caller.scopes && !caller.scopes.includes(rule.scope)) throw forbidden(`This API key lacks the ${rule.scope} scope.`);
  const staff = isStaff(caller.role);
  // null while the ticket is not known yet: requester rules are then decided with the ticket.
  const requester = ticket ? ticket.requesterId === caller.userId : null;
  switch (rule.who) {
    case 'signed-in':
      return;
    case 'staff':
      if (!staff) throw forbidden(`Only staff may ${rule.what}.`);
      return;
    case 'requester':
      if (requester === false) throw forbidden(`Only the ticket's requester may ${rule.what}.`);
      return;
    case 'requester-or-staff':
      if (!staff && requester === false) throw forbidden(`Only the ticket's requester or staff may ${rule.what}.`);
      return;
  }
}
