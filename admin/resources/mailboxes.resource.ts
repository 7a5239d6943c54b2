import { randomBytes } from 'node:crypto';
import { ValidationError, type ActionContext, type ActionRequest, type ActionResponse } from 'adminjs';
import { findMailboxById } from '../../db/mailboxes.js';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { checkMailboxConnection } from '../../mail/mailbox-connection-check.js';
import type { ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const choices = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

const secretFields = {
  imap_password: 'imap_password',
  smtp_password: 'smtp_password',
  inbound_basic_password: 'inbound_basic_password',
} as const;

/**
 * Mailboxes (admins; managers read): a support address, how its mail arrives (IMAP polling or
 * SendGrid Inbound Parse) and leaves (SendGrid or SMTP). Passwords are encrypted on save and never
 * shown again (last 4 characters only); saving or (de)activating tells the mailbox's polling
 * workflow; "Test connection" tries the settings and says what is wrong.
 */
export const mailboxesResource: ResourceFactory = (context) => {
  const inboundUrl = (token: unknown) => `${context.publicUrl}/api/inbound/sendgrid/${String(token)}`;

  const prepare = async (request: ActionRequest, actionContext: ActionContext) => {
    if (request.method !== 'post') return request;
    const payload = { ...(request.payload ?? {}) } as Record<string, unknown>;
    for (const column of Object.keys(payload))
      if (/_ciphertext$|_last4$|^inbound_token$|^imap_(uid_validity|last_uid)$/.test(column)) delete payload[column];
    const current = actionContext.record?.params ?? {};
    const value = (name: string) => (name in payload ? payload[name] : current[name]);
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v));
    const errors: Record<string, { message: string }> = {};
    const address = text(value('address'));
    if (!/^[^\s@+]+@[^\s@]+\.[^\s@]+$/.test(address))
      errors.address = { message: 'must be an e-mail address without a +tag, e.g. support@example.com' };
    for (const [field, secret] of Object.entries(secretFields)) {
      const plain = text(payload[field]);
      delete payload[field];
      if (!plain) continue;
      if (!context.appSecretKey)
        throw new ValidationError({ [field]: { message: 'cannot be stored: the server has no APP_SECRET_KEY' } });
      payload[`${secret}_ciphertext`] = sealSecret(context.appSecretKey, plain);
      payload[`${secret}_last4`] = lastFour(plain);
    }
    const has = (name: string) =>
      Boolean(text(value(name))) || Boolean(payload[`${name}_ciphertext`]) || Boolean(current[`${name}_last4`]);
    if (text(value('inbound_kind')) === 'imap') {
      if (!text(value('imap_host')))
        errors.imap_host = { message: 'is needed to fetch mail by IMAP, e.g. imap.example.com' };
      if (!Number(value('imap_port'))) errors.imap_port = { message: 'is needed: 993 for TLS, 143 for STARTTLS' };
      if (!text(value('imap_user'))) errors.imap_user = { message: 'is needed to sign in to the IMAP server' };
      if (!has('imap_password')) errors.imap_password = { message: 'is needed to sign in to the IMAP server' };
      if (text(value('after_import')) === 'move' && !text(value('after_import_folder')))
        errors.after_import_folder = { message: 'name the folder imported mail is moved to, e.g. Processed' };
    }
    if (text(value('outbound_kind')) === 'smtp') {
      if (!text(value('smtp_host'))) errors.smtp_host = { message: 'is needed to send by SMTP, e.g. smtp.example.com' };
      if (!Number(value('smtp_port'))) errors.smtp_port = { message: 'is needed: 587 for STARTTLS, 465 for TLS' };
    }
    const basicUser = text(value('inbound_basic_user'));
    if (basicUser && !has('inbound_basic_password'))
      errors.inbound_basic_password = { message: 'set a password for the basic-auth user' };
    if (Object.keys(errors).length)
      throw new ValidationError(errors, { message: 'Some settings are missing or wrong; see the fields.' });
    if (!actionContext.record) payload.inbound_token = randomBytes(24).toString('base64url');
    else payload.settings_version = Number(current.settings_version ?? 1) + 1;
    return { ...request, payload };
  };

  const tellPoller = async (response: ActionResponse, request: ActionRequest) => {
    const id = Number(response.record?.params?.id);
    if (
      request.method === 'post' &&
      id &&
      response.record?.errors &&
      Object.keys(response.record.errors).length === 0
    ) {
      await context.mailboxes.mailboxChanged(id).catch(() => {
        response.notice = {
          message:
            'Saved. The mail poller could not be told now (Temporal unreachable); the worker picks it up when it starts.',
          type: 'info',
        };
      });
    }
    return response;
  };

  const withInboundUrl = async (response: ActionResponse) => {
    const add = (record: { params: Record<string, unknown> } | undefined) => {
      if (record) record.params.inbound_parse_url = inboundUrl(record.params.inbound_token);
    };
    add(response.record);
    for (const r of response.records ?? []) add(r);
    return response;
  };

  return {
    resource: context.tables('mailboxes', {
      neverRead: ['imap_password_ciphertext', 'smtp_password_ciphertext', 'inbound_basic_password_ciphertext'],
    }),
    features: [roleAccess('mailboxes'), auditConfigChanges(context.db, 'mailboxes')],
    options: {
      navigation: navigation.integrations,
      titleProperty: 'address',
      sort: { sortBy: 'address', direction: 'asc' },
      listProperties: ['address', 'inbound_kind', 'outbound_kind', 'team_id', 'active', 'last_polled_at', 'last_error'],
      showProperties: [
        'address',
        'display_name',
        'team_id',
        'default_priority',
        'active',
        'inbound_kind',
        'inbound_parse_url',
        'inbound_basic_user',
        'inbound_basic_password_last4',
        'imap_host',
        'imap_port',
        'imap_security',
        'imap_user',
        'imap_password_last4',
        'imap_folder',
        'after_import',
        'after_import_folder',
        'poll_interval_seconds',
        'last_polled_at',
        'last_error',
        'outbound_kind',
        'smtp_host',
        'smtp_port',
        'smtp_security',
        'smtp_user',
        'smtp_password_last4',
        'max_message_bytes',
        'refuse_unauthenticated',
        'updated_at',
      ],
      editProperties: [
        'address',
        'display_name',
        'team_id',
        'default_priority',
        'active',
        'inbound_kind',
        'imap_host',
        'imap_port',
        'imap_security',
        'imap_user',
        'imap_password',
        'imap_folder',
        'after_import',
        'after_import_folder',
        'poll_interval_seconds',
        'inbound_basic_user',
        'inbound_basic_password',
        'outbound_kind',
        'smtp_host',
        'smtp_port',
        'smtp_security',
        'smtp_user',
        'smtp_password',
        'max_message_bytes',
        'refuse_unauthenticated',
      ],
      filterProperties: ['address', 'inbound_kind', 'active', 'team_id'],
      properties: {
        address: {
          isRequired: true,
          description: 'The support address customers write to, e.g. support@example.com. Replies go out from it.',
        },
        display_name: { description: 'The sender name customers see, e.g. "Acme Support".' },
        team_id: { description: 'New tickets from this mailbox start in this team and are assigned within it.' },
        default_priority: { availableValues: choices(ticketPriorities) },
        inbound_kind: {
          availableValues: choices(['imap', 'sendgrid'], {
            imap: 'Fetch from an IMAP mailbox',
            sendgrid: 'SendGrid Inbound Parse (webhook)',
          }),
          description: 'How mail reaches TicketFlow. For SendGrid, point Inbound Parse at the URL shown after saving.',
        },
        inbound_parse_url: {
          type: 'string',
          description:
            'Paste this into SendGrid → Settings → Inbound Parse ("POST the raw, full MIME message" works too). Keep it secret.',
        },
        imap_host: { description: 'IMAP only: e.g. imap.example.com' },
        imap_port: { description: 'IMAP only: 993 (TLS) or 143 (STARTTLS)' },
        imap_security: {
          availableValues: choices(['tls', 'starttls', 'none'], {
            tls: 'TLS (port 993)',
            starttls: 'STARTTLS (port 143)',
            none: 'None (not recommended)',
          }),
        },
        imap_user: { description: 'IMAP only: the login, usually the full address' },
        imap_password: {
          type: 'password',
          description:
            'Stored encrypted; only its last 4 characters are shown again. Leave empty to keep the current one.',
        },
        imap_password_last4: { components: { show: Components.SecretLastFour, list: Components.SecretLastFour } },
        imap_folder: { description: 'The folder to read, usually INBOX' },
        after_import: {
          availableValues: choices(['flag', 'move', 'delete'], {
            flag: 'Mark as read and flag',
            move: 'Move to a folder',
            delete: 'Delete',
          }),
          description:
            'What happens to a message on the server once it is in TicketFlow. Refused mail is only flagged, never deleted.',
        },
        after_import_folder: { description: 'With "Move to a folder": the folder, e.g. Processed (it must exist)' },
        poll_interval_seconds: { description: 'How often to look for new mail' },
        inbound_basic_user: {
          description:
            'SendGrid only, optional: protect the Inbound Parse URL with basic auth (put user:password@ into the URL at SendGrid)',
        },
        inbound_basic_password: {
          type: 'password',
          description: 'Stored encrypted. Leave empty to keep the current one.',
        },
        inbound_basic_password_last4: {
          components: { show: Components.SecretLastFour, list: Components.SecretLastFour },
        },
        outbound_kind: {
          availableValues: choices(['sendgrid', 'smtp'], {
            sendgrid: 'SendGrid (SENDGRID_API_KEY)',
            smtp: 'SMTP server',
          }),
          description: 'How replies and notifications for this mailbox are sent.',
        },
        smtp_host: { description: 'SMTP only: e.g. smtp.example.com' },
        smtp_port: { description: 'SMTP only: 587 (STARTTLS) or 465 (TLS)' },
        smtp_security: {
          availableValues: choices(['tls', 'starttls', 'none'], {
            tls: 'TLS (port 465)',
            starttls: 'STARTTLS (port 587)',
            none: 'None',
          }),
        },
        smtp_user: { description: 'SMTP only: the login (leave empty if the server needs none)' },
        smtp_password: { type: 'password', description: 'Stored encrypted. Leave empty to keep the current one.' },
        smtp_password_last4: { components: { show: Components.SecretLastFour, list: Components.SecretLastFour } },
        max_message_bytes: { description: 'Larger messages are not imported (logged, no bounce). Default 25 MB.' },
        refuse_unauthenticated: {
          description: 'Refuse mail that claims the address of an existing customer but fails SPF/DKIM/DMARC (logged).',
        },
        last_error: { description: 'What went wrong at the last poll, if anything' },
        inbound_token: { isVisible: false },
        settings_version: { isVisible: false },
        imap_uid_validity: { isVisible: false },
        imap_last_uid: { isVisible: false },
      },
      actions: {
        new: { before: prepare, after: [tellPoller, withInboundUrl] },
        edit: { before: prepare, after: [tellPoller, withInboundUrl] },
        show: { after: withInboundUrl },
        testConnection: {
          actionType: 'record',
          icon: 'Activity',
          label: 'Test connection',
          component: false,
          guard: undefined,
          handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
            const record = actionContext.record!;
            const mailbox = await findMailboxById(context.db, Number(record.params.id));
            const check = mailbox
              ? await checkMailboxConnection(mailbox, {
                  appSecretKey: context.appSecretKey,
                  allowHosts: context.outboundAllowHosts,
                })
              : { ok: false, lines: ['This mailbox no longer exists.'] };
            return {
              record: record.toJSON(actionContext.currentAdmin),
              notice: { message: check.lines.join(' '), type: check.ok ? 'success' : 'error' },
            };
          },
        },
      },
    },
  };
};
