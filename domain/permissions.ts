import { isStaff, type UserRole } from './roles.js';

/** What an API key may do. */
export const apiKeyScopes = ['tickets:read', 'tickets:write'] as const;

/** One scope of an API key. */
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/**
 * Who may use an action, before ticket visibility (which the ticket service checks, answering 404):
 * - `signed-in`: any authenticated caller;
 * - `staff`: admin, manager or agent;
 * - `managers`: admin or manager;
 * - `admins`: admin only;
 * - `requester`: only the ticket's requester (staff too are refused);
 * - `requester-or-staff`: the ticket's requester, or staff.
 */
type Audience = 'signed-in' | 'staff' | 'managers' | 'admins' | 'requester' | 'requester-or-staff';

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
  'csrf:read': {
    scope: null,
    who: 'signed-in',
    sessionOnly: true,
    what: 'get a CSRF token (API-key requests need none)',
  },
  'tickets:list': { scope: 'tickets:read', who: 'signed-in', what: 'list tickets' },
  'tickets:read': { scope: 'tickets:read', who: 'signed-in', what: 'read tickets' },
  'tickets:create': { scope: 'tickets:write', who: 'signed-in', what: 'create tickets' },
  // Staff raise tickets for customers who called or walked in, naming the requester and where it starts.
  'tickets:create_for_requester': {
    scope: 'tickets:write',
    who: 'staff',
    what: 'raise a ticket for someone else or set its channel, team, assignee or tags',
  },
  'tickets:update': {
    scope: 'tickets:write',
    who: 'staff',
    what: "change a ticket's status, priority, assignee or team",
  },
  'tickets:reply': { scope: 'tickets:write', who: 'signed-in', what: 'reply on tickets' },
  'tickets:note': { scope: 'tickets:write', who: 'staff', what: 'write internal notes' },
  'tickets:attach': { scope: 'tickets:write', who: 'signed-in', what: 'attach files to tickets' },
  'attachments:read': { scope: 'tickets:read', who: 'signed-in', what: 'download attachments' },
  'tickets:close': { scope: 'tickets:write', who: 'requester-or-staff', what: 'close this ticket' },
  'tickets:reopen': { scope: 'tickets:write', who: 'requester-or-staff', what: 'reopen this ticket' },
  'tickets:rate': { scope: 'tickets:write', who: 'requester', what: 'rate this ticket' },
  'tickets:sla': { scope: 'tickets:read', who: 'signed-in', what: "see a ticket's SLA state" },
  // Merging across organizations is for admins only: the command checks that (domain/ticket-merge.ts).
  'tickets:merge': { scope: 'tickets:write', who: 'staff', what: 'merge a duplicate ticket into another' },
  'tickets:events': { scope: 'tickets:read', who: 'staff', what: "read a ticket's audit trail" },
  // Customers see the customer-visible fields (their forms); staff every active one.
  'custom_fields:read': { scope: 'tickets:read', who: 'signed-in', what: 'list custom fields' },
  'macros:list': { scope: 'tickets:read', who: 'staff', what: 'list macros' },
  'macros:apply': { scope: 'tickets:write', who: 'staff', what: 'apply macros to tickets' },
  // Saved views are the back office's ticket lists: staff's own, shared with a team by managers.
  'views:read': { scope: 'tickets:read', who: 'staff', what: 'use ticket views' },
  'views:manage': { scope: 'tickets:write', who: 'staff', what: 'save and delete their ticket views' },
  'views:share': { scope: 'tickets:write', who: 'managers', what: 'share a view with a team' },
  // Article images are added while writing an article in the back office, in a browser.
  'kb:images': { scope: null, who: 'staff', sessionOnly: true, what: 'upload knowledge-base images' },
  // Reports are ticket data: a manager's read-only key may feed them to a BI tool.
  'reports:read': { scope: 'tickets:read', who: 'managers', what: 'read reports' },
  // Outbound webhooks send ticket data out: registering one takes an admin, and a key that may write.
  'webhooks:read': { scope: 'tickets:read', who: 'admins', what: 'list webhook endpoints and their deliveries' },
  'webhooks:manage': { scope: 'tickets:write', who: 'admins', what: 'register and remove webhook endpoints' },
} as const satisfies Record<string, Rule>;

/** An action the API guards. */
export type Permission = keyof typeof permissions;

/** Actions whose rule depends on the ticket's requester: check them with the ticket at hand. */
export type TicketPermission = {
  [P in Permission]: (typeof permissions)[P]['who'] extends 'requester' | 'requester-or-staff' ? P : never;
}[Permission];

/** Every guarded action, for tests and the API documentation. */
export const allPermissions = Object.keys(permissions) as Permission[];

/** The rule behind an action. */
export function permissionRule(permission: Permission): Readonly<Rule> {
  return permissions[permission];
}

/** Who asks, as far as permissions go: their role, their key's scopes, how they came. */
export interface PermissionSubject {
  userId: number;
  role: UserRole;
  /** Present when the caller authenticated with an API key: what the key allows. */
  scopes: readonly ApiKeyScope[] | null;
  /** `session`: a signed-in browser; other ways in are refused `sessionOnly` actions. */
  via?: string;
}

/** Raised by `authorize` when the subject may not do the action; its message says why. */
export class PermissionDenied extends Error {
  override name = 'PermissionDenied';
}

/**
 * The one place role and scope checks happen: why `subject` may not do `permission`, or null when
 * it may. Requester rules need the ticket: without it (`null`, before the ticket is known) they
 * check only the key's scope, and are decided again with the ticket at hand.
 */
export function permissionRefusal(
  subject: PermissionSubject,
  permission: Permission,
  ticket: { requesterId: number } | null,
): string | null {
  const rule: Rule = permissions[permission];
  if (rule.sessionOnly && subject.via !== 'session') return `Only a signed-in browser session may ${rule.what}.`;
  if (rule.scope && subject.scopes && !subject.scopes.includes(rule.scope))
    return `This API key lacks the ${rule.scope} scope.`;
  const staff = isStaff(subject.role);
  const requester = ticket ? ticket.requesterId === subject.userId : null;
  switch (rule.who) {
    case 'signed-in':
      return null;
    case 'staff':
      return staff ? null : `Only staff may ${rule.what}.`;
    case 'managers':
      return subject.role === 'admin' || subject.role === 'manager'
        ? null
        : `Only managers and admins may ${rule.what}.`;
    case 'admins':
      return subject.role === 'admin' ? null : `Only admins may ${rule.what}.`;
    case 'requester':
      return requester === false ? `Only the ticket's requester may ${rule.what}.` : null;
    case 'requester-or-staff':
      return !staff && requester === false ? `Only the ticket's requester or staff may ${rule.what}.` : null;
  }
}

/** Throws PermissionDenied when `subject` may not do `permission` (requester rules: see `authorizeOnTicket`). */
export function authorize(subject: PermissionSubject, permission: Permission): void {
  const why = permissionRefusal(subject, permission, null);
  if (why) throw new PermissionDenied(why);
}

/** `authorize` for actions whose rule names the ticket's requester (close, reopen, rate). */
export function authorizeOnTicket(
  subject: PermissionSubject,
  permission: TicketPermission,
  ticket: { requesterId: number },
): void {
  const why = permissionRefusal(subject, permission, ticket);
  if (why) throw new PermissionDenied(why);
}
