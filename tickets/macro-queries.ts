import { listActiveMacros } from '../db/macros.js';
import type { Macro } from '../domain/macro-schemas.js';
import { permissionRefusal } from '../domain/permissions.js';
import { ok, refused, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

/** The macros staff may apply (active ones, by name); customers are refused. */
export async function listMacros(
  deps: TicketDeps,
  actor: TicketActor,
): Promise<Outcome<Omit<Macro, 'active' | 'createdBy'>[]>> {
  const why = permissionRefusal(actor, 'macros:list', null);
  if (why) return refused('forbidden', why);
  const macros = await listActiveMacros(deps.db);
  return ok(macros.map(({ active: _active, createdBy: _createdBy, ...macro }) => macro));
}
