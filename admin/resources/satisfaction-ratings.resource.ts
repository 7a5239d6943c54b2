import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Customers' ratings of resolved tickets, read-only. */
export const satisfactionRatingsResource: ResourceFactory = (context) => ({
  resource: context.tables('satisfaction_ratings'),
  features: [roleAccess('satisfaction_ratings')],
  options: {
    navigation: navigation.tickets,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['ticket_id', 'score', 'comment', 'user_id', 'created_at'],
    filterProperties: ['ticket_id', 'score', 'created_at'],
  },
});
