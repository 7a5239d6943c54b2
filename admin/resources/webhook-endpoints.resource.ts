import { flat, ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import { enabledAgainColumns } from '../../db/webhook-endpoints.js';
import { outboundUrlProblem } from '../../domain/outbound-address.js';
import { webhookEventTypes } from '../../domain/webhook-schemas.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const secretHelp =
  'Signs every delivery (HMAC-SHA256, see the README). Stored encrypted; only its last 4 characters are shown again. Leave empty to keep the current one.';

/**
 * Outbound webhook endpoints (admins): URL checked by the outbound-address rules, events chosen from
 * the list, the secret sealed with APP_SECRET_KEY on save and never shown again. Enabling a disabled
 * endpoint clears its failure count; what it missed is redelivered from the delivery log.
 */
export const webhookEndpointsResource: ResourceFactory = (context) => {
  const prepare = async (request: ActionRequest, actionContext: ActionContext) => {
    if (request.method !== 'post') return request;
    const {
      secret,
      secret_ciphertext: _c,
      secret_last4: _l,
      ...rest
    } = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(request.payload ?? {});
    const payload: Record<string, unknown> = { ...rest };
    const creating = !actionContext.record;
    if (typeof payload.url === 'string' || creating) {
      const problem = outboundUrlProblem(String(payload.url ?? '').trim(), context.outboundAllowHosts);
      if (problem) throw new ValidationError({ url: { message: `The URL ${problem}.` } });
      payload.url = String(payload.url).trim();
    }
    if ('events' in payload || creating) {
      const events = Array.isArray(payload.events) ? payload.events.map(String) : [];
      const unknown = events.filter((e) => !(webhookEventTypes as readonly string[]).includes(e));
      if (events.length === 0 || unknown.length > 0)
        throw new ValidationError({
          events: { message: `Choose at least one of ${webhookEventTypes.join(', ')}.` },
        });
      payload.events = [...new Set(events)];
    }
    const plain = typeof secret === 'string' ? secret : '';
    if (creating && plain.length < 16)
      throw new ValidationError({
        secret: { message: 'must be at least 16 characters (e.g. `openssl rand -hex 32`)' },
      });
    if (plain) {
      if (!context.appSecretKey)
        throw new ValidationError({
          secret: { message: 'cannot be stored: the server has no APP_SECRET_KEY (`openssl rand -base64 32`)' },
        });
      if (plain.length < 16) throw new ValidationError({ secret: { message: 'must be at least 16 characters' } });
      payload.secret_ciphertext = sealSecret(context.appSecretKey, plain);
      payload.secret_last4 = lastFour(plain);
    }
    // Enabled again by an admin: it starts with a clean record, and takes new events from now on.
    if (String(payload.active) === 'true' && actionContext.record?.params.active === false) {
      Object.assign(payload, enabledAgainColumns);
    }
    if (creating) payload.created_by = adminUserId(actionContext.currentAdmin);
    return { ...request, payload: flat.flatten(payload) };
  };
  return {
    resource: context.tables('webhook_endpoints', { neverRead: ['secret_ciphertext'] }),
    features: [roleAccess('webhook_endpoints'), auditConfigChanges(context.db, 'webhook_endpoints')],
    options: {
      navigation: navigation.integrations,
      titleProperty: 'url',
      sort: { sortBy: 'id', direction: 'asc' },
      listProperties: ['url', 'events', 'active', 'consecutive_failures', 'disabled_at', 'secret_last4'],
      showProperties: [
        'url',
        'description',
        'events',
        'secret_last4',
        'active',
        'consecutive_failures',
        'failing_since',
        'disabled_at',
        'disabled_reason',
        'created_by',
        'created_at',
        'updated_at',
      ],
      editProperties: ['url', 'description', 'events', 'secret', 'active'],
      filterProperties: ['url', 'active', 'disabled_at'],
      properties: {
        url: { description: 'https:// only (plain http for hosts in OUTBOUND_ALLOW_HOSTS); no internal addresses.' },
        events: { isArray: true, availableValues: webhookEventTypes.map((e) => ({ value: e, label: e })) },
        secret: { type: 'password', description: secretHelp },
        secret_last4: {
          components: { list: Components.SecretLastFour, show: Components.SecretLastFour },
          isVisible: { list: true, show: true, edit: false, filter: false },
        },
        secret_ciphertext: { isVisible: false },
        consecutive_failures: { isVisible: { list: true, show: true, edit: false, filter: false } },
        failing_since: { isVisible: { list: false, show: true, edit: false, filter: false } },
        disabled_at: { isVisible: { list: true, show: true, edit: false, filter: true } },
        disabled_reason: { isVisible: { list: false, show: true, edit: false, filter: false } },
        created_by: { isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: { new: { before: prepare }, edit: { before: prepare } },
    },
  };
};
