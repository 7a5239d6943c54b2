import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { reassignWhenUnavailable } from '../features/reassign-when-unavailable.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Who works in which team, with capacity and availability (managers edit; unavailable agents' tickets are reassigned). */
export const teamMembersResource: ResourceFactory = (context) => ({
  resource: context.tables('team_members'),
  features: [
    roleAccess('team_members'),
    auditConfigChanges(context.db, 'team_members'),
    reassignWhenUnavailable(context.tickets, 'available', 'user_id'),
  ],
  options: {
    navigation: navigation.people,
    sort: { sortBy: 'team_id', direction: 'asc' },
    listProperties: ['team_id', 'user_id', 'capacity', 'available'],
    filterProperties: ['team_id', 'user_id', 'available'],
    editProperties: ['team_id', 'user_id', 'capacity', 'available'],
    properties: {
      capacity: { description: 'The most open tickets automatic assignment gives this person.' },
      available: { description: 'Turning this off hands their open tickets to someone else.' },
    },
  },
});
