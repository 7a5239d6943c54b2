import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { listActiveCustomFields } from '../../db/custom-fields.js';
import { findCustomersMatching } from '../../db/customer-lookup.js';
import type { FieldIssue } from '../../domain/api-error.js';
import { assistedChannels } from '../../domain/ticket-channels.js';
import { ticketForRequesterInput } from '../../domain/ticket-for-requester-schemas.js';
import { ticketPriorities, defaultTicketPriority } from '../../domain/ticket-priority.js';
import { listAssignmentChoices } from '../../tickets/assignment-choices.js';
import { createRequestedTicket } from '../../tickets/create-ticket-for-requester.js';
import { type AdminContext, backOfficeTicketActor } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { formAction } from '../write-actions.js';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const optional = (value: unknown) => text(value) || undefined;
const optionalId = (value: unknown) => {
  const raw = text(value);
  if (!raw || raw === 'none') return undefined;
  // A number the schema can check; anything else stays text so the schema names the field.
  return /^\d{1,10}$/.test(raw) ? Number(raw) : raw;
};

/** The form's flat text fields as the API's body, so one domain schema checks both. */
export function ticketRequestOf(payload: Record<string, unknown>) {
  const tags = text(payload.tags)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    requester: { email: text(payload.requesterEmail), name: optional(payload.requesterName) },
    channel: text(payload.channel) || undefined,
    title: text(payload.title) || undefined,
    description: text(payload.description) || undefined,
    priority: optional(payload.priority),
    teamId: optionalId(payload.teamId),
    assigneeId: optionalId(payload.assigneeId),
    ...(tags.length ? { tags } : {}),
    ...customFieldsOf(payload.customFieldsJson),
  };
}

// The custom field inputs send their values as one JSON object; what does not read as one is passed
// on as it is, so the schema names the field.
function customFieldsOf(json: unknown): { customFields?: unknown } {
  if (json === undefined || json === '') return {};
  try {
    const values = JSON.parse(String(json)) as unknown;
    // Empty inputs are left out: a new ticket has nothing to clear.
    return values && typeof values === 'object' && !Array.isArray(values)
      ? { customFields: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== '')) }
      : { customFields: values };
  } catch {
    return { customFields: String(json) };
  }
}

// Field paths of the schema (`requester.email`, `tags.2`) → the form's own field names.
const formFieldOf = (path: string) =>
  path === 'requester.email'
    ? 'requesterEmail'
    : path === 'requester.name'
      ? 'requesterName'
      : path.startsWith('tags')
        ? 'tags'
        : path.startsWith('customFields.')
          ? path.split('.').slice(0, 2).join('.')
          : path.split('.')[0] || 'form';

const fieldErrors = (issues: readonly FieldIssue[]) =>
  Object.fromEntries(issues.map((issue) => [formFieldOf(issue.path), issue.message]).reverse());

/** What the form offers: channels, priorities, teams and staff; with `?lookup=` the customers matching it. */
const loadForm = (context: AdminContext) => async (request: ActionRequest) => {
  const lookup = text((request.query as Record<string, unknown> | undefined)?.lookup);
  if (lookup) return { customers: await findCustomersMatching(context.db, lookup) };
  const { staff, teams } = await listAssignmentChoices(context.db);
  return {
    customFields: await listActiveCustomFields(context.db),
    choices: {
      channel: assistedChannels.map((c) => ({ value: c, label: c === 'phone' ? 'Phone' : 'Other (walk-in, chat…)' })),
      priority: ticketPriorities.map((p) => ({ value: p, label: p })),
      teamId: teams.map((t) => ({ value: String(t.id), label: t.name })),
      assigneeId: staff.map((u) => ({ value: String(u.id), label: u.name })),
    },
    defaults: { priority: defaultTicketPriority, channel: 'phone' },
  };
};

/**
 * "New ticket for a customer": staff raise a ticket for someone who called or came by. It goes
 * through the same command as `POST /api/tickets` (row, audit, outbox, workflow), never AdminJS's
 * generic `new`, which the permission table keeps closed.
 */
export function ticketForCustomerAction(context: AdminContext): Partial<Action<ActionResponse>> {
  return formAction(loadForm(context), {
    actionType: 'resource',
    icon: 'Phone',
    component: Components.TicketForCustomer,
    handler: async (request: ActionRequest, _response: unknown, { currentAdmin, h }: ActionContext) => {
      const parsed = ticketForRequesterInput.safeParse(
        ticketRequestOf((request.payload ?? {}) as Record<string, unknown>),
      );
      const invalid = (issues: FieldIssue[], message: string) => ({
        errors: issues.length ? fieldErrors(issues) : { form: message },
        notice: { message, type: 'error' as const },
      });
      if (!parsed.success)
        return invalid(
          parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
          'The ticket was not created: see the fields marked.',
        );
      const outcome = await createRequestedTicket(
        context.tickets,
        parsed.data,
        backOfficeTicketActor(currentAdmin),
        'back_office',
      );
      if (outcome.kind !== 'ok')
        return invalid(outcome.kind === 'refused' ? (outcome.issues ?? []) : [], outcome.message);
      const ticket = outcome.value;
      return {
        ticket: { id: ticket.id, number: ticket.number },
        notice: { message: `${ticket.number} created for ${ticket.requester.name}.`, type: 'success' },
        redirectUrl: h.recordActionUrl({ resourceId: 'tickets', recordId: String(ticket.id), actionName: 'show' }),
      };
    },
  });
}
