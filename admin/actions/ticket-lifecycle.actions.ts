import type { ActionContext, ActionRequest, ActionResponse, Action, BaseRecord, RecordActionResponse } from 'adminjs';
import { ticketPriorities, type TicketPriority } from '../../domain/ticket-priority.js';
import { createMessageInput } from '../../domain/ticket-schemas.js';
import { ticketStatuses, type TicketStatus } from '../../domain/ticket-status.js';
import { listAssignmentChoices } from '../../tickets/assignment-choices.js';
import { changeTicket, changeTickets, type LifecycleChange } from '../../tickets/change-ticket.js';
import { mergeTicketIntoNumber } from '../../tickets/merge-tickets.js';
import { listMentionCandidates } from '../../tickets/note-mentions.js';
import { refused, type Outcome } from '../../tickets/outcome.js';
import { addMessageUnlessChanged, markConversation, type ConversationMark } from '../../tickets/reply-freshness.js';
import { type AdminContext, backOfficeTicketActor } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { formAction } from '../write-actions.js';
import { failureOf, noticeOf } from './outcome-notice.js';

/** A form field of a ticket command, rendered by the TicketCommand component. */
export type CommandField = 'assigneeId' | 'teamId' | 'priority' | 'status' | 'body' | 'into';

interface CommandSpec {
  name: string;
  /** Less frequent commands sit in one dropdown, so the ticket page's header stays readable. */
  grouped?: true;
  /** The form offers to insert links to help-centre articles into the body. */
  articleLinks?: true;
  /** The form suggests staff to `@mention` as the body is typed. */
  mentions?: true;
  fields: CommandField[];
  submitLabel: string;
  icon: string;
  run(
    context: AdminContext,
    ticketId: number,
    payload: Record<string, unknown>,
    actionContext: ActionContext,
  ): Promise<Outcome<unknown>>;
  /** Set for lifecycle changes: what the payload asks the workflow for (bulk actions apply it to many tickets). */
  change?: (payload: Record<string, unknown>) => LifecycleChange;
  done: string;
}

const idOrNull = (value: unknown): number | null =>
  value === '' || value === null || value === undefined || value === 'none' ? null : Number(value);

// A command that changes lifecycle fields through the workflow.
const lifecycle = (
  change: (payload: Record<string, unknown>) => LifecycleChange,
): Pick<CommandSpec, 'run' | 'change'> => ({
  change,
  run: (c, id, p, a) => changeTicket(c.tickets, id, change(p), backOfficeTicketActor(a.currentAdmin)),
});

// What the form saw when it opened (see markConversation); absent when the agent chose "Send anyway".
function seenMark(payload: Record<string, unknown>): ConversationMark | null {
  const whole = (value: unknown) =>
    (typeof value === 'string' || typeof value === 'number') && /^\d{1,10}$/.test(String(value)) ? Number(value) : null;
  const version = whole(payload.seenVersion);
  const lastMessageId = whole(payload.seenMessageId);
  return version === null || lastMessageId === null ? null : { version, lastMessageId };
}

// The form's text is parsed like the API's body; the command decides the rest (closed, notes), and
// answers `stale` when someone replied or the ticket changed since the form opened.
async function message(c: AdminContext, id: number, p: Record<string, unknown>, internal: boolean, a: ActionContext) {
  const parsed = createMessageInput.safeParse({ body: p.body, internal });
  if (!parsed.success)
    return refused('invalid_input', `The message ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
  return addMessageUnlessChanged(c.tickets, id, parsed.data, backOfficeTicketActor(a.currentAdmin), seenMark(p));
}

const commands: CommandSpec[] = [
  {
    name: 'assign',
    fields: ['assigneeId', 'teamId'],
    submitLabel: 'Assign',
    icon: 'UserCheck',
    done: 'assigned',
    ...lifecycle((p) => ({
      assigneeId: idOrNull(p.assigneeId),
      ...(p.teamId !== undefined && p.teamId !== '' ? { teamId: idOrNull(p.teamId) } : {}),
    })),
  },
  {
    grouped: true,
    name: 'changePriority',
    fields: ['priority'],
    submitLabel: 'Change priority',
    icon: 'AlertTriangle',
    done: 'reprioritised',
    ...lifecycle((p) => ({ priority: p.priority as TicketPriority })),
  },
  {
    grouped: true,
    name: 'changeStatus',
    fields: ['status'],
    submitLabel: 'Change status',
    icon: 'Shuffle',
    done: 'moved',
    ...lifecycle((p) => ({ status: p.status as TicketStatus })),
  },
  {
    grouped: true,
    name: 'resolve',
    fields: [],
    submitLabel: 'Resolve',
    icon: 'CheckCircle',
    done: 'resolved',
    ...lifecycle(() => ({ status: 'resolved' })),
  },
  {
    grouped: true,
    name: 'reopen',
    fields: [],
    submitLabel: 'Reopen',
    icon: 'RotateCcw',
    done: 'reopened',
    ...lifecycle(() => ({ status: 'open' })),
  },
  {
    name: 'reply',
    articleLinks: true,
    fields: ['body'],
    submitLabel: 'Send reply',
    icon: 'MessageCircle',
    done: 'replied to',
    run: (c, id, p, a) => message(c, id, p, false, a),
  },
  {
    name: 'internalNote',
    mentions: true,
    fields: ['body'],
    submitLabel: 'Add note',
    icon: 'Lock',
    done: 'noted',
    run: (c, id, p, a) => message(c, id, p, true, a),
  },
  {
    // The agent types the number of the ticket this one duplicates; the command checks the rest.
    name: 'mergeInto',
    fields: ['into'],
    submitLabel: 'Merge',
    icon: 'GitMerge',
    done: 'merged',
    run: (c, id, p, a) =>
      mergeTicketIntoNumber(
        c.tickets,
        id,
        typeof p.into === 'string' ? p.into : '',
        backOfficeTicketActor(a.currentAdmin),
      ),
  },
];

const validValue = (field: CommandField, value: unknown): string | null => {
  if (field === 'priority' && !(ticketPriorities as readonly unknown[]).includes(value))
    return `Choose a priority: ${ticketPriorities.join(', ')}.`;
  if (field === 'status' && !(ticketStatuses as readonly unknown[]).includes(value))
    return `Choose a status: ${ticketStatuses.join(', ')}.`;
  if (
    (field === 'assigneeId' || field === 'teamId') &&
    value !== undefined &&
    value !== '' &&
    value !== 'none' &&
    !/^\d{1,10}$/.test(String(value))
  )
    return `The ${field === 'teamId' ? 'team' : 'assignee'} is not valid.`;
  return null;
};

/** The people and teams a command may choose from, for the form. */
async function choices(context: AdminContext) {
  const { staff, teams } = await listAssignmentChoices(context.db);
  return {
    assigneeId: [
      { value: 'none', label: 'Nobody (unassigned)' },
      ...staff.map((u) => ({ value: String(u.id), label: u.name })),
    ],
    teamId: teams.map((t) => ({ value: String(t.id), label: t.name })),
    priority: ticketPriorities.map((p) => ({ value: p, label: p })),
    status: ticketStatuses.map((s) => ({ value: s, label: s.replace('_', ' ') })),
  };
}

// The form's values are checked like the API's body (a valid priority, status, id) before any command runs.
function invalidPayload(spec: CommandSpec, payload: Record<string, unknown>): Outcome<never> | null {
  for (const field of spec.fields) {
    const problem = validValue(field, payload[field]);
    if (problem && field !== 'teamId') return refused('invalid_input', problem);
  }
  return null;
}

async function runOne(
  context: AdminContext,
  spec: CommandSpec,
  record: BaseRecord,
  payload: Record<string, unknown>,
  actionContext: ActionContext,
): Promise<Outcome<unknown>> {
  return invalidPayload(spec, payload) ?? spec.run(context, Number(record.id()), payload, actionContext);
}

// Where a message form's ticket stands as it opens: sent back with the message, so a reply written
// while someone else answered is caught before it goes.
async function markOf(context: AdminContext, record: BaseRecord, actionContext: ActionContext) {
  const mark = await markConversation(
    context.tickets,
    Number(record.id()),
    backOfficeTicketActor(actionContext.currentAdmin),
  );
  return mark.kind === 'ok' ? mark.value : null;
}

// Opening a command's form (a GET) shows the ticket(s) and the choices; the command runs on POST only.
const loadForm =
  (context: AdminContext, spec?: CommandSpec) =>
  async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
    const { record, records, currentAdmin } = actionContext;
    return {
      ...(record
        ? { record: record.toJSON(currentAdmin) }
        : { records: (records ?? []).map((r) => r.toJSON(currentAdmin)) }),
      choices: await choices(context),
      ...(record && spec?.fields.includes('body') ? { mark: await markOf(context, record, actionContext) } : {}),
      ...(spec?.mentions ? { mentionables: await listMentionCandidates(context.tickets.db) } : {}),
    };
  };

function recordAction(context: AdminContext, spec: CommandSpec): Partial<Action<ActionResponse>> {
  return formAction(loadForm(context, spec), {
    actionType: 'record',
    icon: spec.icon,
    ...(spec.grouped ? { parent: 'Status & priority' } : {}),
    component: Components.TicketCommand,
    custom: {
      fields: spec.fields,
      submitLabel: spec.submitLabel,
      articleLinks: spec.articleLinks ?? false,
      mentions: spec.mentions ?? false,
    },
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { record, resource, currentAdmin, h } = actionContext;
      if (!record) throw new Error('No ticket');
      const outcome = await runOne(
        context,
        spec,
        record,
        (request.payload ?? {}) as Record<string, unknown>,
        actionContext,
      );
      const fresh = (await resource.findOne(String(record.id()))) ?? record;
      const number = String(record.params.number);
      const worked = outcome.kind === 'ok';
      // A stale message is not an error to announce: the form asks whether to send anyway or reload.
      const asks = outcome.kind === 'stale' && spec.fields.includes('body');
      return {
        record: fresh.toJSON(currentAdmin),
        outcome: worked ? { ok: true } : { ok: false, message: failureOf(outcome), ...(asks ? { stale: true } : {}) },
        ...(asks ? {} : { notice: noticeOf(number, spec.done, outcome) }),
        ...(worked
          ? {
              redirectUrl: h.recordActionUrl({
                resourceId: 'tickets',
                recordId: String(record.id()),
                actionName: 'show',
              }),
            }
          : {}),
      } as RecordActionResponse;
    },
  });
}

function bulkAction(context: AdminContext, spec: CommandSpec): Partial<Action<ActionResponse>> {
  return formAction(loadForm(context), {
    actionType: 'bulk',
    icon: spec.icon,
    component: Components.TicketCommand,
    custom: { fields: spec.fields, submitLabel: `${spec.submitLabel} selected`, bulk: true },
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { records = [], currentAdmin, h } = actionContext;
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      const invalid = invalidPayload(spec, payload);
      const outcomes = invalid
        ? records.map(() => invalid)
        : (
            await changeTickets(
              context.tickets,
              records.map((r) => Number(r.id())),
              (spec.change as NonNullable<CommandSpec['change']>)(payload),
              backOfficeTicketActor(currentAdmin),
            )
          ).map((r) => r.outcome);
      const results = records.map((record, i) => {
        const outcome = outcomes[i] as Outcome<unknown>;
        return {
          id: String(record.id()),
          number: String(record.params.number),
          ok: outcome.kind === 'ok',
          message: failureOf(outcome) ?? spec.done,
        };
      });
      const failed = results.filter((r) => !r.ok);
      const message =
        failed.length === 0
          ? `${results.length} ticket(s) ${spec.done}.`
          : `${results.length - failed.length} of ${results.length} ${spec.done}; refused: ${failed.map((f) => `${f.number} (${f.message})`).join('; ')}`;
      return {
        records: records.map((r) => r.toJSON(currentAdmin)),
        results,
        notice: { message, type: failed.length === 0 ? 'success' : 'error' },
        ...(failed.length === 0 ? { redirectUrl: h.resourceUrl({ resourceId: 'tickets' }) } : {}),
      };
    },
  });
}

const bulkNames: Record<string, string> = {
  assign: 'bulkAssign',
  changePriority: 'bulkChangePriority',
  resolve: 'bulkResolve',
};

/** The ticket actions that go through the workflow: one per record, and bulk assign, priority and resolve. */
export function ticketLifecycleActions(context: AdminContext): Record<string, Partial<Action<ActionResponse>>> {
  const actions: Record<string, Partial<Action<ActionResponse>>> = {};
  for (const spec of commands) {
    actions[spec.name] = recordAction(context, spec);
    const bulkName = bulkNames[spec.name];
    if (bulkName && spec.change) actions[bulkName] = bulkAction(context, spec);
  }
  return actions;
}
