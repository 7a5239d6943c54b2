import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Replies and internal notes, read-only: new ones are written with a ticket's Reply and Internal note actions. */
export const ticketMessagesResource: ResourceFactory = (context) => ({
  resource: context.tables('ticket_messages'),
  features: [roleAccess('ticket_messages')],
  options: {
    navigation: navigation.tickets,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['ticket_id', 'author_id', 'internal', 'body', 'created_at'],
    filterProperties: ['ticket_id', 'author_id', 'internal', 'created_at'],
    properties: { body: { type: 'textarea' }, internal: { description: 'Internal notes are for staff only.' } },
  },
});
