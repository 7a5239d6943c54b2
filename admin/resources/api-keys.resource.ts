import type { ActionContext, ActionRequest } from 'adminjs';
import { createApiKey, revokeApiKey } from '../../db/api-keys.js';
import { apiKeyScopes, type ApiKeyScope } from '../../domain/permissions.js';
import { insertConfigChange } from '../../db/config-changes.js';
import { isActiveUser, listActiveUsers } from '../../db/users.js';
import { singleLineText } from '../../domain/text-fields.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';
import { formAction } from '../write-actions.js';

const keyName = singleLineText(100);

/** API keys (admins): created here and shown once, listed by prefix, revoked; the secret is only stored hashed. */
export const apiKeysResource: ResourceFactory = (context) => ({
  resource: context.tables('api_keys', { neverRead: ['secret_hash'] }),
  features: [roleAccess('api_keys')],
  options: {
    navigation: navigation.integrations,
    titleProperty: 'name',
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['prefix', 'name', 'user_id', 'scopes', 'last_used_at', 'revoked_at', 'created_at'],
    showProperties: ['prefix', 'name', 'user_id', 'scopes', 'last_used_at', 'expires_at', 'revoked_at', 'created_at'],
    filterProperties: ['prefix', 'name', 'user_id', 'revoked_at', 'created_at'],
    properties: { secret_hash: { isVisible: false }, scopes: { isArray: true } },
    actions: {
      new: { isVisible: false },
      edit: { isVisible: false },
      delete: { isVisible: false },
      bulkDelete: { isVisible: false },
      createKey: formAction(
        async () => {
          const staff = await listActiveUsers(context.db);
          return {
            owners: staff.map((u) => ({ value: String(u.id), label: `${u.name} <${u.email}>` })),
            scopes: apiKeyScopes,
          };
        },
        {
          actionType: 'resource',
          icon: 'Key',
          component: Components.ApiKeyCreate,
          handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
            const payload = (request.payload ?? {}) as Record<string, unknown>;
            const name = keyName.safeParse(payload.name);
            const userId = Number(payload.userId);
            const scopes = String(payload.scopes ?? apiKeyScopes.join(','))
              .split(',')
              .filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s));
            const active = Number.isInteger(userId) && (await isActiveUser(context.db, userId));
            if (!name.success || !active || scopes.length === 0) {
              const problem = !name.success
                ? `The name ${name.error.issues[0]?.message ?? 'is invalid'}.`
                : !active
                  ? 'Choose an active user to own the key.'
                  : 'Choose at least one scope.';
              return { notice: { message: problem, type: 'error' } };
            }
            const { key, summary } = await createApiKey(context.db, { userId, name: name.data, scopes });
            await insertConfigChange(context.db, {
              actorId: adminUserId(actionContext.currentAdmin),
              resource: 'api_keys',
              recordId: summary.id,
              action: 'create',
              after: { prefix: summary.prefix, name: summary.name, userId, scopes },
            });
            return {
              key,
              prefix: summary.prefix,
              notice: {
                message: `API key ${summary.prefix} created; copy it now, it is not shown again.`,
                type: 'success',
              },
            };
          },
        },
      ),
      // A confirmation page whose button POSTs: a link (GET) to this action revokes nothing.
      revoke: {
        actionType: 'record',
        icon: 'Slash',
        component: Components.ConfirmAction,
        custom: {
          question: 'Revoke this API key? Requests with it are refused from now on.',
          confirmLabel: 'Revoke key',
        },
        isVisible: ({ record }: ActionContext) => !record?.params.revoked_at,
        handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
          const { record, currentAdmin, h, resource } = actionContext;
          if (!record) throw new Error('No key');
          const revoked = await revokeApiKey(context.db, Number(record.id()));
          if (revoked)
            await insertConfigChange(context.db, {
              actorId: adminUserId(currentAdmin),
              resource: 'api_keys',
              recordId: String(record.id()),
              action: 'update',
              before: { revokedAt: null },
              after: { revoked: true },
            });
          const fresh = (await resource.findOne(String(record.id()))) ?? record;
          return {
            record: fresh.toJSON(currentAdmin),
            notice: {
              message: revoked ? `API key ${String(record.params.prefix)} revoked.` : 'This key was already revoked.',
              type: revoked ? 'success' : 'info',
            },
            redirectUrl: h.resourceUrl({ resourceId: 'api_keys' }),
          };
        },
      },
    },
  },
});
