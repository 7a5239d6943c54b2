import { flat, type ActionResponse } from 'adminjs';
import type { ResourceFactory } from '../admin-context.js';

// jsonb arrives flattened (`headers.0.0`…): shown as the header block and indented JSON instead.
const readable = async (response: ActionResponse) => {
  const record = response.record;
  if (!record) return response;
  const params = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(record.params);
  const headers = Array.isArray(params.headers) ? (params.headers as [string, string][]) : [];
  const rest = Object.fromEntries(Object.entries(record.params).filter(([k]) => !/^(headers|auth_results)\./.test(k)));
  record.params = {
    ...rest,
    headers: headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    auth_results: JSON.stringify(params.auth_results ?? {}, null, 2),
  };
  return response;
};
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/**
 * Inbound mail, read-only: every message a mailbox took in, what became of it (ticket, reply, note,
 * bounce, or refused and why), its headers and its SPF/DKIM/DMARC results, for agents and admins.
 */
export const mailImportsResource: ResourceFactory = (context) => ({
  resource: context.tables('mail_imports'),
  features: [roleAccess('mail_imports')],
  options: {
    navigation: navigation.audit,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['created_at', 'mailbox_id', 'from_address', 'subject', 'outcome', 'ticket_id', 'auth_summary'],
    filterProperties: ['mailbox_id', 'outcome', 'from_address', 'ticket_id', 'created_at'],
    showProperties: [
      'created_at',
      'mailbox_id',
      'via',
      'from_address',
      'subject',
      'message_id',
      'outcome',
      'reason',
      'auto_generated',
      'ticket_id',
      'ticket_message_id',
      'raw_attachment_id',
      'size_bytes',
      'auth_summary',
      'auth_results',
      'headers',
    ],
    properties: {
      outcome: {
        availableValues: ['ticket_created', 'reply_added', 'note_added', 'bounce_recorded', 'refused'].map((v) => ({
          value: v,
          label: v.replace('_', ' '),
        })),
      },
      auth_summary: { description: 'SPF, DKIM and DMARC as checked when the message arrived' },
      raw_attachment_id: { description: 'The original message (.eml), downloadable from the ticket' },
      headers: { type: 'textarea' },
      auth_results: { type: 'textarea' },
      dedupe_key: { isVisible: false },
      effects_done_at: { isVisible: false },
      imap_uid: { isVisible: { list: false, filter: false, show: true, edit: false } },
    },
    actions: { show: { after: readable } },
  },
});
