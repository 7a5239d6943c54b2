import { listActiveCustomFields } from '../db/custom-fields.js';
import { findTicketPlainFields, updateTicketPlainFields, type PlainFieldsChange } from '../db/ticket-plain-fields.js';
import type { FieldIssue } from '../domain/api-error.js';
import { mergeCustomFieldValues } from '../domain/custom-fields.js';
import type { Ticket } from '../domain/ticket.js';
import { allowedTransitions, canTransition, describeRefusedTransition, isFinal } from '../domain/ticket-status.js';
import { changeTicket, invalidReferences, type LifecycleChange } from './change-ticket.js';
import { notFound, ok, refused, stale, type Outcome } from './outcome.js';
import { recordFieldsEdited } from './record-field-edit.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import {
  audienceOf,
  checkCustomFieldValues,
  checkTicketTags,
  invalidFields,
  requiredFieldsRefusal,
  ticketAsSeenBy,
} from './ticket-field-checks.js';
import { closedTicketMessage } from './through-workflow.js';

/** What staff may change on a ticket in one request: lifecycle fields (through the workflow) and plain fields (directly). */
export interface TicketEdit extends LifecycleChange {
  /** The back office's edit form only (the API's PATCH leaves them alone). */
  title?: string | undefined;
  description?: string | undefined;
  category?: string | null | undefined;
  tags?: string[] | undefined;
  /** Raw values by key, checked here against the definitions; null clears one. */
  customFields?: Record<string, unknown> | undefined;
}

const hasLifecycle = (c: LifecycleChange) =>
  c.status !== undefined || c.priority !== undefined || c.assigneeId !== undefined || c.teamId !== undefined;

/**
 * Staff change a ticket as `PATCH /api/tickets/:id` asks: lifecycle fields through the workflow,
 * category, tags and custom fields written directly with their `fields_edited` audit entry in one
 * transaction. Everything is checked first — custom fields against their definitions, tags against the
 * tag list, the move against the lifecycle and the fields the target status requires (with the values
 * this request sets), the version — so a refused request writes nothing.
 */
export async function editTicket(
  deps: TicketDeps,
  ticketId: number,
  edit: TicketEdit,
  actor: TicketActor,
  expectedVersion?: number,
): Promise<Outcome<Ticket>> {
  const { title, description, category, tags, customFields, ...change } = edit;
  const plainAsked = [title, description, category, tags, customFields].some((v) => v !== undefined);
  if (!plainAsked) return changeTicket(deps, ticketId, change, actor, expectedVersion);

  const access = await findTicketAccess(deps.db, ticketId, actor);
  const current = access ? await findTicketPlainFields(deps.db, ticketId) : null;
  if (!access || !current) return notFound(`Ticket ${ticketId}`);
  const forbidden = permissionRefusalOn(actor, 'tickets:update', access);
  if (forbidden) return forbidden;

  const issues: FieldIssue[] = [];
  const plain: PlainFieldsChange = {};
  if (title !== undefined) plain.title = title;
  if (description !== undefined) plain.description = description;
  if (category !== undefined) plain.category = category;
  if (customFields !== undefined) {
    const checked = checkCustomFieldValues(await listActiveCustomFields(deps.db), customFields, audienceOf(actor));
    if (checked.ok) plain.customFields = checked.value;
    else issues.push(...checked.issues);
  }
  if (tags !== undefined) {
    const checked = await checkTicketTags(deps.db, tags);
    if (checked.ok) plain.tags = checked.value;
    else issues.push(...checked.issues);
  }
  if (issues.length) return invalidFields(issues);
  const references = await invalidReferences(deps, change);
  if (references) return references;
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    return stale(
      `The ticket changed since you read it (version ${current.version}, not ${expectedVersion}); reload it.`,
    );

  const valuesAfter = plain.customFields
    ? mergeCustomFieldValues(current.custom_fields, plain.customFields)
    : current.custom_fields;
  if (change.status !== undefined && change.status !== access.status) {
    // Asked here too, so a move the workflow would refuse leaves the plain fields unwritten.
    if (isFinal(access.status)) return refused('closed', closedTicketMessage);
    if (!canTransition(access.status, change.status))
      return refused('invalid_transition', describeRefusedTransition(access.status, change.status), {
        allowed: allowedTransitions[access.status],
      });
    const missing = requiredFieldsRefusal(await listActiveCustomFields(deps.db), valuesAfter, change.status);
    if (missing) return missing;
  }

  if (hasLifecycle(change)) {
    const changed = await changeTicket(deps, ticketId, change, actor, expectedVersion, valuesAfter);
    if (changed.kind !== 'ok') return changed;
  }
  await deps.db.transaction(async (trx) => {
    const written = await updateTicketPlainFields(trx, ticketId, plain);
    if (written) await recordFieldsEdited(trx, ticketId, actor, written.before, written.after);
  });
  const after = await ticketAsSeenBy(deps.db, ticketId, actor);
  if (!after) return notFound(`Ticket ${ticketId}`);
  deps.live.ticketUpdated((await ticketAsSeenBy(deps.db, ticketId, { role: 'customer' })) ?? after);
  return ok(after);
}
