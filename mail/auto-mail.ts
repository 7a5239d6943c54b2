import type { AutoMailKind, BounceReport } from './inbound-mail.js';

/** The headers loop protection reads, lower-cased names. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * Classifies a message as automatic (RFC 3834 Auto-Submitted, the de-facto X-Autoreply /
 * X-Autorespond / Precedence / X-Auto-Response-Suppress headers, and delivery reports) so no
 * acknowledgement or notification ever answers it: that is how mail loops start.
 */
export function classifyAutoMail(header: HeaderLookup, contentType: string, fromAddress: string | null): AutoMailKind {
  if (
    /multipart\/report/i.test(contentType) &&
    /report-type\s*=\s*"?(delivery-status|disposition-notification)/i.test(contentType)
  )
    return 'delivery_report';
  const from = (fromAddress ?? '').toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(from)) return 'delivery_report';
  const autoSubmitted = (header('auto-submitted') ?? '').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no')
    return autoSubmitted.startsWith('auto-replied') ? 'auto_replied' : 'auto_generated';
  if (header('x-autoreply') || header('x-autorespond') || header('x-autoresponder')) return 'auto_replied';
  const precedence = (header('precedence') ?? '').trim().toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    return precedence === 'auto_reply' ? 'auto_replied' : 'bulk';
  // Exchange sets this on its own automatic mail (out-of-office, recall, read receipts).
  if (/\b(all|oof|autoreply|dr|rn|nrn)\b/i.test(header('x-auto-response-suppress') ?? '')) return 'auto_generated';
  if (header('list-id') || header('list-unsubscribe')) return 'bulk';
  if (/^(no-?reply|do-?not-?reply)@/.test(from)) return 'auto_generated';
  return null;
}

/** Reads the failed recipients out of a message/delivery-status part (RFC 3464). */
export function parseDeliveryStatus(report: string): BounceReport | null {
  const recipients: string[] = [];
  let status: string | null = null;
  let diagnostic: string | null = null;
  for (const block of report.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const at = line.indexOf(':');
      if (at > 0) fields.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
    }
    const action = fields.get('action')?.toLowerCase();
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    if (!recipient || (action && action !== 'failed')) continue;
    recipients.push(recipient.replace(/^rfc822\s*;\s*/i, '').trim());
    status ??= fields.get('status') ?? null;
    diagnostic ??= fields.get('diagnostic-code')?.replace(/^smtp\s*;\s*/i, '') ?? null;
  }
  return recipients.length ? { recipients: [...new Set(recipients)], status, diagnostic } : null;
}
