import { beginDelivery, markDelivered, markDeliveryFailed } from '../../db/notifications.js';
import { listActiveUserIdsByRoles, findUsersByIds } from '../../db/users.js';
import type { Mailer } from '../../notify/mailer.js';
import type { Db } from '../../db/connection.js';

/**
 * E-mails every active admin that an endpoint was disabled, once per disabling (the notifications
 * log's idempotency key names the endpoint and when it was disabled; the row is filed under the ticket
 * whose delivery tipped it). The row stays visible in the delivery log, also when no mailer is configured.
 */
export async function tellAdminsEndpointDisabled(
  deps: { db: Db; mailer: Mailer | null; publicUrl: string },
  what: { endpointId: number; ticketId: number; url: string; reason: string; disabledAt: Date },
): Promise<void> {
  const admins = await findUsersByIds(deps.db, await listActiveUserIdsByRoles(deps.db, ['admin']));
  const subject = `Webhook endpoint ${what.endpointId} disabled`;
  const text = [
    `TicketFlow disabled the webhook endpoint ${what.url} (id ${what.endpointId}): ${what.reason}.`,
    'Events for it are no longer queued. Fix the receiver, then enable the endpoint again and',
    `redeliver what it missed from its delivery log: ${deps.publicUrl}/admin/resources/webhook_deliveries`,
  ].join('\n');
  for (const admin of admins) {
    const idempotencyKey = `webhook-endpoint:${what.endpointId}:disabled:${what.disabledAt.getTime()}:email:${admin.id}`;
    const attempt = {
      idempotencyKey,
      kind: 'email' as const,
      channelId: null,
      ticketId: what.ticketId,
      recipientUserId: admin.id,
      recipient: admin.email,
      template: 'webhook_disabled',
      subject,
      payload: { endpointId: what.endpointId, reason: what.reason },
    };
    if ((await beginDelivery(deps.db, attempt)) === 'already_sent') continue;
    if (!deps.mailer) {
      await markDeliveryFailed(deps.db, idempotencyKey, 'no mailer configured');
      continue;
    }
    try {
      await deps.mailer.send({ to: admin.email, subject, text, idempotencyKey });
      await markDelivered(deps.db, idempotencyKey);
    } catch (error) {
      await markDeliveryFailed(deps.db, idempotencyKey, (error as Error).message ?? String(error));
    }
  }
}
