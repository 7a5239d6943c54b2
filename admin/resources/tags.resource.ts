import { ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import { findTagByName } from '../../db/tag-vocabulary.js';
import { tagDefinitionInput, type TagDefinitionInput } from '../../domain/tag-vocabulary.js';
import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { domainForm, type FormValues } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

// One tag per name in any case: told against the name field (the database's unique index would only
// give a message for the whole form).
const refuseDuplicate =
  (db: Parameters<typeof findTagByName>[0]) => async (request: ActionRequest, context: ActionContext) => {
    if (request.method !== 'post' || typeof request.payload?.name !== 'string') return request;
    const existing = await findTagByName(db, request.payload.name);
    if (existing && String(existing.id) !== String(context.record?.id() ?? ''))
      throw new ValidationError(
        { name: { message: `is already in the list as "${existing.name}"` } },
        { message: `Not saved: the tag list already has "${existing.name}".` },
      );
    return request;
  };

/** The tag list: managers keep it; with free tags off (Ticket settings) only these tags may be put on tickets. */
export const tagsResource: ResourceFactory = (context) => ({
  resource: context.tables('tags'),
  features: [
    roleAccess('tags'),
    domainForm({
      resource: 'tags',
      schema: tagDefinitionInput,
      toForm: () => ({}),
      toInput: (form: FormValues) => ({ name: form.name, description: form.description ?? null }),
      toRow: (t: TagDefinitionInput) => ({ name: t.name, description: t.description, updated_at: new Date() }),
      fieldOf: (path) => String(path[0] ?? 'name'),
    }),
    auditConfigChanges(context.db, 'tags'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'description', 'updated_at'],
    showProperties: ['name', 'description', 'created_at', 'updated_at'],
    editProperties: ['name', 'description'],
    filterProperties: ['name'],
    actions: {
      new: { before: refuseDuplicate(context.db) },
      edit: { before: refuseDuplicate(context.db) },
    },
    properties: {
      name: { description: 'One tag, e.g. vip or billing; the same name in another case is the same tag.' },
      description: { type: 'textarea', description: 'When to use it (optional).' },
    },
  },
});
