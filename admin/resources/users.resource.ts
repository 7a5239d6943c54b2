import { userRoles } from '../../domain/roles.js';
import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { reassignWhenUnavailable } from '../features/reassign-when-unavailable.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Users and their roles (admins edit; deactivating someone hands their open tickets to others). */
export const usersResource: ResourceFactory = (context) => ({
  resource: context.tables('users'),
  features: [
    roleAccess('users'),
    auditConfigChanges(context.db, 'users'),
    reassignWhenUnavailable(context.tickets, 'active', 'id'),
  ],
  options: {
    navigation: navigation.people,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'email', 'role', 'organization_id', 'active', 'created_at'],
    filterProperties: ['name', 'email', 'role', 'organization_id', 'active'],
    editProperties: ['name', 'email', 'role', 'organization_id', 'active', 'timezone'],
    showProperties: [
      'name',
      'email',
      'role',
      'organization_id',
      'active',
      'timezone',
      'oidc_issuer',
      'oidc_subject',
      'created_at',
      'updated_at',
    ],
    properties: {
      role: { availableValues: userRoles.map((r) => ({ value: r, label: r })) },
      active: { description: 'Turning this off signs the person out and reassigns their open tickets.' },
    },
  },
});
