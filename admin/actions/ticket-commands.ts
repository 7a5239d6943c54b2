import { insertMessage } from '../../db/messages.js';
import { teamExists } from '../../db/teams.js';
import { isAssignableStaff } from '../../db/users.js';
import type { Actor } from '../../domain/ticket-event-types.js';
import { createMessageInput } from '../../domain/ticket-schemas.js';
import { isTemporalUnavailable, TicketChangeRefused, TicketWorkflowUnavailable, type TicketChangeRequest, type TicketWorkflowState } from '../../workflows/client.js';
import type { AdminContext } from '../admin-context.js';

/** What a back office command did to one ticket: its new state, or why nothing changed. */
export type CommandOutcome = { ok: true; state?: TicketWorkflowState } | { ok: false; message: string };

type LifecycleFields = Omit<TicketChangeRequest, 'actor' | 'expectedVersion'>;

// The same refusals the API gives (server/tickets/through-workflow.ts), as sentences for people.
async function explain(context: AdminContext, ticketId: number, error: unknown): Promise<CommandOutcome> {
  if (error instanceof TicketChangeRefused) return { ok: false, message: error.message };
  if (error instanceof TicketWorkflowUnavailable) {
    const row = await context.db('tickets').where({ id: ticketId }).first('status');
    if (row?.status === 'closed') return { ok: false, message: 'This ticket is closed; closed tickets cannot change.' };
    return { ok: false, message: "The ticket's workflow is starting; try again in a few seconds." };
  }
  if (isTemporalUnavailable(error)) return { ok: false, message: 'The workflow engine is unavailable right now; nothing was changed. Try again shortly.' };
  throw error;
}

/** Changes status, priority, assignee or team through the ticket's workflow (the only writer of those fields). */
export async function changeTicketLifecycle(context: AdminContext, ticketId: number, fields: LifecycleFields, actor: Actor): Promise<CommandOutcome> {
  if (fields.assigneeId != null && !(await isAssignableStaff(context.db, fields.assigneeId))) return { ok: false, message: 'The assignee must be an active staff member.' };
  if (fields.teamId != null && !(await teamExists(context.db, fields.teamId))) return { ok: false, message: 'That team does not exist.' };
  try {
    return { ok: true, state: await context.workflows.change(ticketId, { ...fields, actor }) };
  } catch (error) {
    return explain(context, ticketId, error);
  }
}

/** Adds a reply or internal note, then tells the workflow (a staff reply meets the first-response target). */
export async function addTicketMessage(context: AdminContext, ticketId: number, input: { body: unknown; internal: boolean }, actor: Actor): Promise<CommandOutcome> {
  const parsed = createMessageInput.safeParse({ body: input.body, internal: input.internal });
  if (!parsed.success) return { ok: false, message: `The message ${parsed.error.issues[0]?.message ?? 'is invalid'}.` };
  const current = await context.db('tickets').where({ id: ticketId }).first('status');
  if (!current) return { ok: false, message: 'This ticket does not exist.' };
  if (current.status === 'closed') return { ok: false, message: 'This ticket is closed; open a new ticket to continue the conversation.' };
  const message = await insertMessage(context.db, { ticketId, authorId: actor.userId, body: parsed.data.body, internal: parsed.data.internal, source: actor.source });
  context.onMessageCreated(message);
  // The message is committed: like the API, a workflow that cannot be told now does not undo it.
  await context.workflows
    .messageAdded(ticketId, { messageId: message.id, authorId: actor.userId, byStaff: true, internal: parsed.data.internal, at: message.createdAt, source: actor.source })
    .catch(() => undefined);
  return { ok: true };
}
