import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** The notification delivery log, read-only. */
export const notificationsResource: ResourceFactory = (context) => ({
  resource: context.tables('notifications'),
  features: [roleAccess('notifications')],
  options: {
    navigation: navigation.audit,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['kind', 'template', 'recipient', 'ticket_id', 'status', 'attempts', 'created_at'],
    filterProperties: ['kind', 'status', 'template', 'ticket_id', 'recipient', 'created_at'],
    properties: {
      status: { availableValues: ['pending', 'sent', 'failed'].map((v) => ({ value: v, label: v })) },
      kind: { availableValues: ['email', 'teams', 'in_app'].map((v) => ({ value: v, label: v })) },
      idempotency_key: { isVisible: { list: false, filter: false, show: true, edit: false } },
    },
  },
});
