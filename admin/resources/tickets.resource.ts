import {
  flat,
  NotFoundError,
  ValidationError,
  type ActionContext,
  type ActionRequest,
  type BaseRecord,
  type CurrentAdmin,
} from 'adminjs';
import { listActiveCustomFields, listAllCustomFields } from '../../db/custom-fields.js';
import type { CustomFieldValues } from '../../domain/custom-fields.js';
import { ticketChannels } from '../../domain/ticket-channels.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import { editTicket } from '../../tickets/edit-ticket.js';
import { invalidFields } from '../../tickets/ticket-field-checks.js';
import { getStaffOverview } from '../../tickets/staff-overview.js';
import { ticketForCustomerAction } from '../actions/ticket-for-customer.action.js';
import { macroActions } from '../actions/macro.actions.js';
import { ticketLifecycleActions } from '../actions/ticket-lifecycle.actions.js';
import { backOfficeTicketActor, type AdminContext, type ResourceFactory } from '../admin-context.js';
import { noticeOf } from '../actions/outcome-notice.js';
import { customFieldParams, editFormFieldOf, ticketEditOf } from '../ticket-edit-form.js';
import { Components } from '../components/registry.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';
import { formAction, readOnlyAction } from '../write-actions.js';

const choices = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

/** A ticket record as the edit form shows it: tags as text, the custom fields' definitions and values. */
async function editFormRecord(context: AdminContext, record: BaseRecord, currentAdmin: CurrentAdmin | undefined) {
  const json = record.toJSON(currentAdmin);
  const row = flat.unflatten<Record<string, unknown>, { tags?: string[]; custom_fields?: CustomFieldValues }>(
    json.params,
  );
  json.params = {
    ...json.params,
    tagsText: (row.tags ?? []).join(', '),
    ...customFieldParams(await listActiveCustomFields(context.db), row.custom_fields ?? {}),
  };
  return json;
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
    // The edit form writes these and nothing else: lifecycle fields (status, priority, assignee, team,
    // SLA) belong to the ticket's workflow and change only through its actions.
    editProperties: ['title', 'description', 'category', 'tagsText', 'customFieldsJson'],
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
      customFieldsJson: {
        // One input per active custom field (Configuration → Custom fields), each with its own error.
        components: { edit: Components.TicketCustomFieldsEdit },
      },
      customFieldDefinitionsJson: { isVisible: false },
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
      edit: formAction(
        async (_request: ActionRequest, _response: unknown, { record, currentAdmin }: ActionContext) => ({
          record: record ? await editFormRecord(context, record, currentAdmin) : undefined,
        }),
        {
          // Through the edit command (not AdminJS's generic update): custom fields checked against their
          // definitions, tags against the tag list, and the row written with its audit entry in one transaction.
          handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
            const { record, currentAdmin, h, resource } = actionContext;
            if (!record) throw new NotFoundError('No such ticket.', 'edit');
            const id = Number(record.id());
            const asked = ticketEditOf((request.payload ?? {}) as Record<string, unknown>);
            const outcome =
              'issues' in asked
                ? invalidFields(asked.issues)
                : await editTicket(context.tickets, id, asked.edit, backOfficeTicketActor(currentAdmin));
            if (outcome.kind === 'refused' && outcome.issues?.length)
              throw new ValidationError(
                Object.fromEntries(outcome.issues.map((i) => [editFormFieldOf(i.path), { message: i.message }])),
                { message: `Not saved: ${outcome.message}` },
              );
            const fresh = (await resource.findOne(String(id))) ?? record;
            const json = await editFormRecord(context, fresh, currentAdmin);
            if (outcome.kind !== 'ok')
              return { record: json, notice: noticeOf(String(record.params.number), '', outcome) };
            return {
              record: json,
              redirectUrl: h.recordActionUrl({ resourceId: 'tickets', recordId: String(id), actionName: 'show' }),
              notice: noticeOf(outcome.value.number, 'saved', outcome),
            };
          },
        },
      ),
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
          const row = flat.unflatten<Record<string, unknown>, { tags?: string[]; custom_fields?: CustomFieldValues }>(
            record.params,
          );
          // Every field the ticket holds a value for, by label: switched-off fields too (the values stay).
          const values = row.custom_fields ?? {};
          const customFields = (await listAllCustomFields(context.db))
            .filter((d) => values[d.key] !== undefined)
            .map((d) => ({ key: d.key, label: d.label, type: d.type, value: values[d.key]!, active: d.active }));
          return {
            record: record.toJSON(currentAdmin),
            overview: { workflowId, temporalUrl, sla, messages, events, tags: row.tags ?? [], customFields },
          };
        },
      }),
      ...ticketLifecycleActions(context),
      ...macroActions(context),
    },
  },
});
