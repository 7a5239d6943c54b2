import { ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import { outboundUrlProblem } from '../../domain/outbound-address.js';
import type { ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const secretHelp =
  'The SendGrid API key or Teams webhook URL. Stored encrypted; only its last 4 characters are ever shown again. Leave empty to keep the current one.';

/** Notification channels (admins): the secret is encrypted with APP_SECRET_KEY on save and never shown again. */
export const notificationChannelsResource: ResourceFactory = (context) => {
  const sealNewSecret = async (request: ActionRequest, actionContext: ActionContext) => {
    if (request.method !== 'post') return request;
    const {
      secret,
      secret_ciphertext: _c,
      secret_last4: _l,
      ...payload
    } = (request.payload ?? {}) as Record<string, unknown>;
    const plain = typeof secret === 'string' ? secret.trim() : '';
    const storedKind = actionContext.record?.params.kind as string | undefined;
    const kind = typeof payload.kind === 'string' ? payload.kind : storedKind;
    // A Teams channel's secret is a URL the worker will call: the same rules as at delivery
    // (https, no internal hosts or addresses), told here against the field people filled in.
    if (kind === 'teams' && plain) {
      const problem = outboundUrlProblem(plain, context.outboundAllowHosts);
      if (problem) throw new ValidationError({ secret: { message: `The Teams webhook URL ${problem}.` } });
    }
    if (kind === 'teams' && !plain && storedKind !== 'teams')
      throw new ValidationError({ secret: { message: 'A Teams channel needs its webhook URL (https://…).' } });
    if (!plain) return { ...request, payload };
    if (!context.appSecretKey)
      throw new ValidationError({
        secret: {
          message: 'cannot be stored: the server has no APP_SECRET_KEY (generate one with `openssl rand -base64 32`)',
        },
      });
    if (plain.length < 8)
      throw new ValidationError({ secret: { message: 'is too short to be an API key or webhook URL' } });
    return {
      ...request,
      payload: {
        ...payload,
        secret_ciphertext: sealSecret(context.appSecretKey, plain),
        secret_last4: lastFour(plain),
      },
    };
  };
  return {
    resource: context.tables('notification_channels', { neverRead: ['secret_ciphertext'] }),
    features: [roleAccess('notification_channels'), auditConfigChanges(context.db, 'notification_channels')],
    options: {
      navigation: navigation.integrations,
      titleProperty: 'name',
      sort: { sortBy: 'name', direction: 'asc' },
      listProperties: ['name', 'kind', 'team_id', 'secret_last4', 'active'],
      showProperties: ['name', 'kind', 'team_id', 'secret_last4', 'active', 'updated_at'],
      editProperties: ['name', 'kind', 'team_id', 'secret', 'active'],
      properties: {
        kind: {
          availableValues: [
            { value: 'email', label: 'E-mail (SendGrid)' },
            { value: 'teams', label: 'Microsoft Teams webhook' },
            { value: 'in_app', label: 'In-app' },
          ],
        },
        team_id: { description: 'Teams channels belong to a team; e-mail and in-app channels are for everyone.' },
        secret: { type: 'password', description: secretHelp },
        secret_last4: {
          components: { list: Components.SecretLastFour, show: Components.SecretLastFour },
          isVisible: { list: true, show: true, edit: false, filter: false },
        },
        secret_ciphertext: { isVisible: false },
        settings: { isVisible: false },
      },
      actions: { new: { before: sealNewSecret }, edit: { before: sealNewSecret } },
    },
  };
};
