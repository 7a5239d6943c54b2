import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** The ticket audit trail, read-only for everyone. */
export const ticketEventsResource: ResourceFactory = (context) => ({
  resource: context.tables('ticket_events'),
  features: [roleAccess('ticket_events')],
  options: {
    navigation: navigation.audit,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['ticket_id', 'type', 'actor_id', 'source', 'created_at'],
    filterProperties: ['ticket_id', 'type', 'actor_id', 'source', 'created_at'],
    showProperties: ['ticket_id', 'type', 'actor_id', 'source', 'before', 'after', 'created_at'],
    properties: { idempotency_key: { isVisible: false } },
  },
});
