import { permissionRefusal, type Permission } from '../../domain/permissions.js';
import type { Caller } from './caller.js';
import { forbidden } from '../http-error.js';

/**
 * Guards a route with the permission table (domain/permissions.ts): throws 403 when the caller may
 * not do `permission`. Rules about the ticket's requester are decided by the ticket commands.
 */
export function authorize(caller: Caller, permission: Permission): void {
  const why = permissionRefusal(caller, permission, null);
  if (why) throw forbidden(why);
}
