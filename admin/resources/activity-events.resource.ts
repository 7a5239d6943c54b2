import { activityKinds } from '../../domain/activity-kinds.js';
import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** The activity log (admins, read-only): sign-ins, failed sign-ins, sign-outs, API-key use, configuration changes. */
export const activityEventsResource: ResourceFactory = (context) => ({
  resource: context.tables('activity_events', { neverRead: ['dedupe_key'] }),
  features: [roleAccess('activity_events')],
  options: {
    navigation: navigation.audit,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['created_at', 'kind', 'user_id', 'subject', 'ip_address', 'api_key_id'],
    filterProperties: ['kind', 'user_id', 'api_key_id', 'subject', 'ip_address', 'created_at'],
    showProperties: ['created_at', 'kind', 'user_id', 'subject', 'api_key_id', 'ip_address', 'user_agent', 'details'],
    properties: {
      kind: { availableValues: activityKinds.map((value) => ({ value, label: value.replace(/_/g, ' ') })) },
      details: { type: 'key-value' },
      dedupe_key: { isVisible: false },
    },
  },
});
