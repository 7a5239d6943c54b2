import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Support teams and their leads (managers edit). */
export const teamsResource: ResourceFactory = (context) => ({
  resource: context.tables('teams'),
  features: [roleAccess('teams'), auditConfigChanges(context.db, 'teams')],
  options: {
    navigation: navigation.people,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'description', 'lead_id'],
    editProperties: ['name', 'description', 'lead_id'],
  },
});
