import type { ActionContext, ActionRequest, ActionResponse, Action, BaseRecord, RecordActionResponse } from 'adminjs';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import { type AdminContext, backOfficeActor } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { addTicketMessage, changeTicketLifecycle, type CommandOutcome } from './ticket-commands.js';

/** A form field of a ticket command, rendered by the TicketCommand component. */
export type CommandField = 'assigneeId' | 'teamId' | 'priority' | 'status' | 'body';

interface CommandSpec {
  name: string;
  /** Less frequent commands sit in one dropdown, so the ticket page's header stays readable. */
  grouped?: true;
  fields: CommandField[];
  submitLabel: string;
  icon: string;
  run(context: AdminContext, ticketId: number, payload: Record<string, unknown>, actionContext: ActionContext): Promise<CommandOutcome>;
  done: string;
}

const idOrNull = (value: unknown): number | null => (value === '' || value === null || value === undefined || value === 'none' ? null : Number(value));

const commands: CommandSpec[] = [
  {
    name: 'assign', fields: ['assigneeId', 'teamId'], submitLabel: 'Assign', icon: 'UserCheck', done: 'assigned',
    run: (c, id, p, a) => changeTicketLifecycle(c, id, { assigneeId: idOrNull(p.assigneeId), ...(p.teamId !== undefined && p.teamId !== '' ? { teamId: idOrNull(p.teamId) } : {}) }, backOfficeActor(a.currentAdmin)),
  },
  { grouped: true, name: 'changePriority', fields: ['priority'], submitLabel: 'Change priority', icon: 'AlertTriangle', done: 'reprioritised', run: (c, id, p, a) => changeTicketLifecycle(c, id, { priority: p.priority as never }, backOfficeActor(a.currentAdmin)) },
  { grouped: true, name: 'changeStatus', fields: ['status'], submitLabel: 'Change status', icon: 'Shuffle', done: 'moved', run: (c, id, p, a) => changeTicketLifecycle(c, id, { status: p.status as never }, backOfficeActor(a.currentAdmin)) },
  { grouped: true, name: 'resolve', fields: [], submitLabel: 'Resolve', icon: 'CheckCircle', done: 'resolved', run: (c, id, _p, a) => changeTicketLifecycle(c, id, { status: 'resolved' }, backOfficeActor(a.currentAdmin)) },
  { grouped: true, name: 'reopen', fields: [], submitLabel: 'Reopen', icon: 'RotateCcw', done: 'reopened', run: (c, id, _p, a) => changeTicketLifecycle(c, id, { status: 'open' }, backOfficeActor(a.currentAdmin)) },
  { name: 'reply', fields: ['body'], submitLabel: 'Send reply', icon: 'MessageCircle', done: 'replied to', run: (c, id, p, a) => addTicketMessage(c, id, { body: p.body, internal: false }, backOfficeActor(a.currentAdmin)) },
  { name: 'internalNote', fields: ['body'], submitLabel: 'Add note', icon: 'Lock', done: 'noted', run: (c, id, p, a) => addTicketMessage(c, id, { body: p.body, internal: true }, backOfficeActor(a.currentAdmin)) },
];

const validValue = (field: CommandField, value: unknown): string | null => {
  if (field === 'priority' && !(ticketPriorities as readonly unknown[]).includes(value)) return `Choose a priority: ${ticketPriorities.join(', ')}.`;
  if (field === 'status' && !(ticketStatuses as readonly unknown[]).includes(value)) return `Choose a status: ${ticketStatuses.join(', ')}.`;
  if ((field === 'assigneeId' || field === 'teamId') && value !== undefined && value !== '' && value !== 'none' && !/^\d{1,10}$/.test(String(value))) return `The ${field === 'teamId' ? 'team' : 'assignee'} is not valid.`;
  return null;
};

/** The people and teams a command may choose from, for the form. */
async function choices(context: AdminContext) {
  const [staff, teams] = await Promise.all([
    context.db('users').whereIn('role', ['admin', 'manager', 'agent']).where({ active: true }).orderBy('name').select('id', 'name'),
    context.db('teams').orderBy('name').select('id', 'name'),
  ]);
  return {
    assigneeId: [{ value: 'none', label: 'Nobody (unassigned)' }, ...staff.map((u) => ({ value: String(u.id), label: u.name }))],
    teamId: teams.map((t) => ({ value: String(t.id), label: t.name })),
    priority: ticketPriorities.map((p) => ({ value: p, label: p })),
    status: ticketStatuses.map((s) => ({ value: s, label: s.replace('_', ' ') })),
  };
}

async function runOne(context: AdminContext, spec: CommandSpec, record: BaseRecord, payload: Record<string, unknown>, actionContext: ActionContext): Promise<CommandOutcome> {
  for (const field of spec.fields) {
    const problem = validValue(field, payload[field]);
    if (problem && field !== 'teamId') return { ok: false, message: problem };
  }
  return spec.run(context, Number(record.id()), payload, actionContext);
}

function recordAction(context: AdminContext, spec: CommandSpec): Partial<Action<RecordActionResponse>> {
  return {
    actionType: 'record',
    icon: spec.icon,
    ...(spec.grouped ? { parent: 'Status & priority' } : {}),
    component: Components.TicketCommand,
    custom: { fields: spec.fields, submitLabel: spec.submitLabel },
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { record, resource, currentAdmin, h } = actionContext;
      if (!record) throw new Error('No ticket');
      if (request.method === 'get') return { record: record.toJSON(currentAdmin), choices: await choices(context) } as RecordActionResponse;
      const outcome = await runOne(context, spec, record, (request.payload ?? {}) as Record<string, unknown>, actionContext);
      const fresh = (await resource.findOne(String(record.id()))) ?? record;
      const number = String(record.params.number);
      return {
        record: fresh.toJSON(currentAdmin),
        outcome,
        notice: outcome.ok ? { message: `${number} ${spec.done}.`, type: 'success' } : { message: `${number}: ${outcome.message}`, type: 'error' },
        ...(outcome.ok ? { redirectUrl: h.recordActionUrl({ resourceId: 'tickets', recordId: String(record.id()), actionName: 'show' }) } : {}),
      } as RecordActionResponse;
    },
  };
}

function bulkAction(context: AdminContext, spec: CommandSpec): Partial<Action<ActionResponse>> {
  return {
    actionType: 'bulk',
    icon: spec.icon,
    component: Components.TicketCommand,
    custom: { fields: spec.fields, submitLabel: `${spec.submitLabel} selected`, bulk: true },
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { records = [], currentAdmin, h } = actionContext;
      if (request.method === 'get') return { records: records.map((r) => r.toJSON(currentAdmin)), choices: await choices(context) };
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      // One ticket after another: each is its own workflow update, and a refusal stops none of the others.
      const results = [];
      for (const record of records) {
        const outcome = await runOne(context, spec, record, payload, actionContext);
        results.push({ id: String(record.id()), number: String(record.params.number), ok: outcome.ok, message: outcome.ok ? spec.done : outcome.message });
      }
      const failed = results.filter((r) => !r.ok);
      const message = failed.length === 0 ? `${results.length} ticket(s) ${spec.done}.` : `${results.length - failed.length} of ${results.length} ${spec.done}; refused: ${failed.map((f) => `${f.number} (${f.message})`).join('; ')}`;
      return {
        records: records.map((r) => r.toJSON(currentAdmin)),
        results,
        notice: { message, type: failed.length === 0 ? 'success' : 'error' },
        ...(failed.length === 0 ? { redirectUrl: h.resourceUrl({ resourceId: 'tickets' }) } : {}),
      };
    },
  };
}

const bulkNames: Record<string, string> = { assign: 'bulkAssign', changePriority: 'bulkChangePriority', resolve: 'bulkResolve' };

/** The ticket actions that go through the workflow: one per record, and bulk assign, priority and resolve. */
export function ticketLifecycleActions(context: AdminContext): Record<string, Partial<Action<any>>> {
  const actions: Record<string, Partial<Action<any>>> = {};
  for (const spec of commands) {
    actions[spec.name] = recordAction(context, spec);
    const bulkName = bulkNames[spec.name];
    if (bulkName) actions[bulkName] = bulkAction(context, spec);
  }
  return actions;
}
