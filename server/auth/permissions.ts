import { isStaff } from '../../domain/roles.js';
import type { ApiKeyScope } from '../../db/api-keys.js';
import type { Caller } from './caller.js';
import { forbidden } from '../http-error.js';

/** Every action the API guards, and the key scope each needs. */
const permissions = {
  'tickets:create': { scope: 'tickets:write', staffOnly: false },
  'tickets:read': { scope: 'tickets:read', staffOnly: false },
} as const satisfies Record<string, { scope: ApiKeyScope; staffOnly: boolean }>;

/** An action the API guards. */
export type Permission = keyof typeof permissions;

/** The one place role and scope checks happen: throws 403 when the caller may not do `permission`. */
export function authorize(caller: Caller, permission: Permission): void {
  const rule = permissions[permission];
  if (rule.staffOnly && !isStaff(caller.role)) throw forbidden(`Only staff may ${permission.replace(':', ' ')}.`);
  if (caller.scopes && !caller.scopes.includes(rule.scope)) {
    throw forbidden(`This API key lacks the ${rule.scope} scope.`);
  }
}
