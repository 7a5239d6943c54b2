import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** The audit trail of configuration edits made in the back office, read-only. */
export const configChangesResource: ResourceFactory = (context) => ({
  resource: context.tables('config_changes'),
  features: [roleAccess('config_changes')],
  options: {
    navigation: navigation.audit,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['resource', 'record_id', 'action', 'actor_id', 'created_at'],
    filterProperties: ['resource', 'record_id', 'action', 'actor_id', 'created_at'],
    properties: { action: { availableValues: ['create', 'update', 'delete'].map((v) => ({ value: v, label: v })) } },
  },
});
