import { listActiveCustomFields } from '../db/custom-fields.js';
import type { CustomFieldDefinition } from '../domain/custom-fields.js';
import { isStaff } from '../domain/roles.js';
import { ok, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';

/**
 * The active custom fields in form order, as an audience may know them: staff every one; customers,
 * guests and anyone without an account (null) only the customer-visible ones.
 */
export async function listCustomFields(
  deps: { db: Parameters<typeof listActiveCustomFields>[0] },
  actor: Pick<TicketActor, 'role'> | null,
): Promise<Outcome<{ items: CustomFieldDefinition[] }>> {
  const all = await listActiveCustomFields(deps.db);
  return ok({ items: actor && isStaff(actor.role) ? all : all.filter((d) => d.customerVisible) });
}
