import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Customer organizations (admins edit). */
export const organizationsResource: ResourceFactory = (context) => ({
  resource: context.tables('organizations'),
  features: [roleAccess('organizations'), auditConfigChanges(context.db, 'organizations')],
  options: {
    navigation: navigation.people,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'domain', 'shares_tickets', 'created_at'],
    editProperties: ['name', 'domain', 'shares_tickets'],
    properties: { shares_tickets: { description: "Customers of the organization see each other's tickets." } },
  },
});
