import type { ActionContext, ActionRequest } from 'adminjs';
import { requeueWebhookDelivery } from '../../db/webhook-deliveries.js';
import { webhookDeliveryStatuses, webhookEventTypes } from '../../domain/webhook-schemas.js';
import type { ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/**
 * The outbound webhook delivery log (admins): status, attempts and the receiver's last status code
 * (never its body), read-only but for "Redeliver", which queues the same event (same id and body)
 * again. It is a write, so it runs on POST only (admin/write-actions.ts); a GET shows the question.
 */
export const webhookDeliveriesResource: ResourceFactory = (context) => ({
  resource: context.tables('webhook_deliveries'),
  features: [roleAccess('webhook_deliveries')],
  options: {
    navigation: navigation.integrations,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['endpoint_id', 'event_type', 'ticket_id', 'status', 'attempts', 'last_status_code', 'created_at'],
    showProperties: [
      'endpoint_id',
      'event_id',
      'event_type',
      'ticket_id',
      'status',
      'attempts',
      'last_status_code',
      'last_error',
      'last_attempt_at',
      'delivered_at',
      'created_at',
      'payload',
    ],
    filterProperties: ['endpoint_id', 'event_type', 'ticket_id', 'status', 'event_id', 'created_at'],
    properties: {
      status: { availableValues: options(webhookDeliveryStatuses) },
      event_type: { availableValues: options(webhookEventTypes) },
    },
    actions: {
      redeliver: {
        actionType: 'record',
        icon: 'RefreshCw',
        component: Components.ConfirmAction,
        custom: {
          question: 'Send this event to its endpoint again? The receiver gets the same event id and body.',
          confirmLabel: 'Redeliver',
        },
        handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
          const { record, currentAdmin, resource } = actionContext;
          if (!record) throw new Error('No delivery');
          const queued = await requeueWebhookDelivery(context.db, Number(record.id()));
          // The outbox entry is committed; waking its workflow now saves the reconciler's next pass.
          if (queued) await context.tickets.relay.relayTicket(Number(record.params.ticket_id));
          const fresh = (await resource.findOne(String(record.id()))) ?? record;
          return {
            record: fresh.toJSON(currentAdmin),
            notice: {
              message: queued ? 'Queued for delivery again.' : 'This delivery no longer exists.',
              type: queued ? 'success' : 'error',
            },
          };
        },
      },
    },
  },
});
