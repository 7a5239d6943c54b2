import { isStaff } from '../../domain/roles.js';
import type { ApiKeyScope } from '../../db/api-keys.js';
import type { Caller } from './caller.js';
import { forbidden } from '../http-error.js';

/**
 * Every action the API guards, the key scope each needs, and whether only staff may do it.
 * Per-ticket rules (requester, organization) are checked where the ticket is loaded.
 */
const permissions = {
  'tickets:list': { scope: 'tickets:read', staffOnly: false },
  'tickets:read': { scope: 'tickets:read', staffOnly: false },
  'tickets:create': { scope: 'tickets:write', staffOnly: false },
  'tickets:update': { scope: 'tickets:write', staffOnly: true },
  'tickets:reply': { scope: 'tickets:write', staffOnly: false },
  'tickets:close': { scope: 'tickets:write', staffOnly: false },
  'tickets:rate': { scope: 'tickets:write', staffOnly: false },
  'tickets:sla': { scope: 'tickets:read', staffOnly: false },
  'tickets:events': { scope: 'tickets:read', staffOnly: true },
} as const satisfies Record<string, { scope: ApiKeyScope; staffOnly: boolean }>;

/** An action the API guards. */
export type Permission = keyof typeof permissions;

/** The one place role and scope checks happen: throws 403 when the caller may not do `permission`. */
export function authorize(caller: Caller, permission: Permission): void {
  const rule = permissions[permission];
  if (rule.staffOnly && !isStaff(caller.role)) throw forbidden(`Only staff may do this (${permission}).`);
  if (caller.scopes && !caller.scopes.includes(rule.scope)) {
    throw forbidden(`This API key lacks the ${rule.scope} scope.`);
  }
}
