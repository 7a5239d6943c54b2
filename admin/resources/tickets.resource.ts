import { flat, ValidationError, type ActionContext, type ActionRequest, type RecordActionResponse } from 'adminjs';
import { ticketChannels } from '../../domain/ticket-channels.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import { recordFieldsEdited } from '../../tickets/record-field-edit.js';
import { getStaffOverview } from '../../tickets/staff-overview.js';
import { ticketForCustomerAction } from '../actions/ticket-for-customer.action.js';
import { macroActions } from '../actions/macro.actions.js';
import { ticketLifecycleActions } from '../actions/ticket-lifecycle.actions.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';
import { readOnlyAction } from '../write-actions.js';

const choices = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

// The generic edit form writes these and nothing else: lifecycle fields (status, priority,
// assignee, team, SLA) belong to the ticket's workflow and change only through its actions.
const plainFields = ['title', 'description', 'category'] as const;

function parseTags(text: unknown): string[] {
  return [
    ...new Set(
      String(text ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

function parseCustomFields(text: unknown): string {
  const source = String(text ?? '').trim() || '{}';
  try {
    const value: unknown = JSON.parse(source);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return JSON.stringify(value);
  } catch {
    throw new ValidationError({ customFieldsText: { message: 'must be a JSON object, e.g. {"plan": "gold"}' } });
  }
}

/** Tickets: list with filters, the ticket page, plain-field edits, and lifecycle actions through the workflow. */
export const ticketsResource: ResourceFactory = (context) => ({
  resource: context.tables('tickets', { neverRead: ['search'] }),
  features: [roleAccess('tickets')],
  options: {
    navigation: navigation.tickets,
    titleProperty: 'title',
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: [
      'number',
      'title',
      'status',
      'priority',
      'requester_id',
      'assignee_id',
      'team_id',
      'sla_breached',
      'created_at',
    ],
    filterProperties: [
      'status',
      'priority',
      'team_id',
      'assignee_id',
      'requester_id',
      'organization_id',
      'sla_breached',
      'created_at',
      'resolution_due_at',
      'number',
      'title',
      'category',
      'tags',
    ],
    editProperties: ['title', 'description', 'category', 'tagsText', 'customFieldsText'],
    showProperties: [
      'number',
      'title',
      'status',
      'priority',
      'requester_id',
      'assignee_id',
      'team_id',
      // Set once the ticket was merged into another: a link to where its conversation went on.
      'merged_into_ticket_id',
      'description',
    ],
    properties: {
      status: { availableValues: choices(ticketStatuses) },
      priority: { availableValues: choices(ticketPriorities) },
      channel: { availableValues: choices(ticketChannels) },
      description: { type: 'textarea' },
      tagsText: { type: 'string', description: 'Comma-separated, e.g. vip, billing' },
      customFieldsText: { type: 'textarea', description: 'A JSON object, e.g. {"plan": "gold"}' },
      search: { isVisible: false },
      tags: { isVisible: false },
      custom_fields: { isVisible: false },
    },
    actions: {
      // Tickets are raised through the create command (row, audit, outbox, workflow): never AdminJS's `new`.
      new: { isVisible: false },
      newForCustomer: ticketForCustomerAction(context),
      delete: { isVisible: false },
      bulkDelete: { isVisible: false },
      show: { component: Components.TicketOverview },
      edit: {
        before: async (request: ActionRequest, actionContext: ActionContext) => {
          if (request.method !== 'post') return request;
          const payload = (request.payload ?? {}) as Record<string, unknown>;
          const values: Record<string, unknown> = {};
          for (const field of plainFields)
            if (field in payload) values[field] = payload[field] === '' && field === 'category' ? null : payload[field];
          if ('tagsText' in payload) values.tags = parseTags(payload.tagsText);
          if ('customFieldsText' in payload) values.custom_fields = parseCustomFields(payload.customFieldsText);
          (actionContext as ActionContext & { plainBefore?: unknown }).plainBefore = actionContext.record?.params;
          return { ...request, payload: values };
        },
        after: async (response: RecordActionResponse, request: ActionRequest, actionContext: ActionContext) => {
          if (request.method === 'get' && response.record) {
            // The form edits tags and custom fields as text; fill those fields from the columns.
            const row = flat.unflatten<Record<string, unknown>, { tags?: string[]; custom_fields?: object }>(
              response.record.params,
            );
            response.record.params.tagsText = (row.tags ?? []).join(', ');
            response.record.params.customFieldsText = JSON.stringify(row.custom_fields ?? {}, null, 2);
            return response;
          }
          if (request.method !== 'post' || !actionContext.record?.isValid()) return response;
          const before = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(
            (actionContext as ActionContext & { plainBefore?: Record<string, unknown> }).plainBefore ?? {},
          );
          const after = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(actionContext.record.params);
          await recordFieldsEdited(
            context.db,
            Number(actionContext.record.id()),
            { userId: adminUserId(actionContext.currentAdmin), source: 'back_office' },
            before,
            after,
          );
          return response;
        },
      },
      overview: readOnlyAction({
        actionType: 'record',
        isVisible: false,
        handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
          const { record, currentAdmin } = actionContext;
          if (!record) throw new Error('No ticket');
          const id = Number(record.id());
          const { messages, events, sla } = await getStaffOverview(context.tickets, id);
          const workflowId = String(record.params.workflow_id);
          const temporalUrl = context.temporalUi
            ? `${context.temporalUi.url}/namespaces/${encodeURIComponent(context.temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}`
            : null;
          return {
            record: record.toJSON(currentAdmin),
            overview: { workflowId, temporalUrl, sla, messages, events, tags: record.params.tags ?? [] },
          };
        },
      }),
      ...ticketLifecycleActions(context),
      ...macroActions(context),
    },
  },
});
