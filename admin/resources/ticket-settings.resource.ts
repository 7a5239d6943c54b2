import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Ticket settings: one record of switches managers set for the whole desk (free tags or only the tag list). */
export const ticketSettingsResource: ResourceFactory = (context) => ({
  resource: context.tables('ticket_settings'),
  features: [roleAccess('ticket_settings'), auditConfigChanges(context.db, 'ticket_settings')],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'free_tags_allowed',
    listProperties: ['free_tags_allowed', 'updated_at'],
    showProperties: ['free_tags_allowed', 'updated_at'],
    editProperties: ['free_tags_allowed'],
    properties: {
      free_tags_allowed: {
        type: 'boolean',
        description:
          'On: staff may put any tag on a ticket. Off: only tags from the tag list (Configuration → Tags); other tags are refused, naming them.',
      },
    },
    actions: {
      // One row holds the settings: it is edited, never added or removed.
      new: { isVisible: false },
      delete: { isVisible: false },
      bulkDelete: { isVisible: false },
    },
  },
});
