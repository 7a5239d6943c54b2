import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Uploaded files, read-only (downloads go through the API, which checks who may see them). */
export const attachmentsResource: ResourceFactory = (context) => ({
  resource: context.tables('attachments'),
  features: [roleAccess('attachments')],
  options: {
    navigation: navigation.tickets,
    titleProperty: 'filename',
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['filename', 'ticket_id', 'content_type', 'size_bytes', 'uploader_id', 'created_at'],
    filterProperties: ['ticket_id', 'uploader_id', 'content_type', 'created_at'],
    properties: {
      storage_key: { isVisible: false },
      sha256: { isVisible: { list: false, filter: false, show: true, edit: false } },
    },
  },
});
