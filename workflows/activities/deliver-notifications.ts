import type { Db } from '../../db/connection.js';
import { listTeamsWebhooks } from '../../db/notification-channels.js';
import { guestLinkKey, guestTicketPath, newGuestToken } from '../../db/guest-links.js';
import { beginDelivery, markDelivered, markDeliveryFailed, type DeliveryAttempt } from '../../db/notifications.js';
import { findTicketById } from '../../db/tickets.js';
import { findUsersByIds } from '../../db/users.js';
import { isStaff } from '../../domain/roles.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import type { Mailer } from '../../notify/mailer.js';
import { postTeamsMessage } from '../../notify/teams-webhook.js';
import { renderTemplate } from '../../notify/templates.js';
import type { NotificationRequest } from '../lifecycle/types.js';

/** What deliveries need: where to send and how to build links. */
export interface DeliveryDependencies {
  db: Db;
  mailer: Mailer | null;
  publisher: InAppPublisher | null;
  /** Decrypts Teams webhook URLs and signs guests' links; without it Teams channels are skipped and guests get portal links. */
  appSecretKey: Buffer | null;
  publicUrl: string;
}

/**
 * Makes the activity that delivers one notification by e-mail, in-app and to the team's Teams
 * channel. Every delivery is logged under its idempotency key first: a retry skips what already
 * went out, and a failure stays visible in the log before the activity retries with backoff.
 */
export function makeDeliverNotifications(deps: DeliveryDependencies) {
  const { db } = deps;
  const guestKey = deps.appSecretKey ? guestLinkKey(deps.appSecretKey) : null;
  // Guests have no account to sign in with: their link is a signed one to that ticket alone.
  const customerUrl = (user: { email: string; guest: boolean }, ticketId: number) =>
    user.guest && guestKey ? `${deps.publicUrl}${guestTicketPath(newGuestToken(guestKey, ticketId, user.email))}` : `${deps.publicUrl}/tickets/${ticketId}`;

  async function deliverOnce(attempt: DeliveryAttempt, send: () => Promise<void>, failures: string[]) {
    if ((await beginDelivery(db, attempt)) === 'already_sent') return;
    try {
      await send();
      await markDelivered(db, attempt.idempotencyKey);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      await markDeliveryFailed(db, attempt.idempotencyKey, message);
      failures.push(`${attempt.kind} to ${attempt.recipient}: ${message}`);
    }
  }

  return async function deliverNotifications(request: NotificationRequest): Promise<void> {
    const ticket = await findTicketById(db, request.ticketId);
    if (!ticket) return;
    const failures: string[] = [];
    const users = (await findUsersByIds(db, request.userIds)).filter((u) => u.active);
    const excerpt = typeof request.data.excerpt === 'string' ? request.data.excerpt : undefined;
    const base = { number: ticket.number, title: ticket.title, status: ticket.status, priority: ticket.priority, ...(excerpt ? { excerpt } : {}), ...(typeof request.data.rule === 'string' ? { rule: request.data.rule, level: Number(request.data.level) } : {}) };

    for (const user of users) {
      const url = isStaff(user.role) ? `${deps.publicUrl}/admin/resources/tickets/records/${ticket.id}/show` : customerUrl(user, ticket.id);
      const message = renderTemplate(request.template, { ...base, url, recipientName: user.name });
      const common = { ticketId: ticket.id, recipientUserId: user.id, template: request.template, subject: message.subject, payload: request.data, channelId: null };
      if (deps.mailer) {
        const mailer = deps.mailer;
        const key = `${request.key}:email:${user.id}`;
        await deliverOnce({ ...common, idempotencyKey: key, kind: 'email', recipient: user.email }, async () => {
          await mailer.send({ to: user.email, subject: message.subject, text: message.text, idempotencyKey: key });
        }, failures);
      }
      if (deps.publisher) {
        const publisher = deps.publisher;
        await deliverOnce({ ...common, idempotencyKey: `${request.key}:in_app:${user.id}`, kind: 'in_app', recipient: `user:${user.id}` }, async () => {
          publisher.notification(user.id, { ticketId: ticket.id, template: request.template, subject: message.subject });
        }, failures);
      }
    }

    if (request.notifyTeamChannel && ticket.team && deps.appSecretKey) {
      const message = renderTemplate(request.template, { ...base, url: `${deps.publicUrl}/admin/resources/tickets/records/${ticket.id}/show`, recipientName: ticket.team.name });
      for (const hook of await listTeamsWebhooks(db, deps.appSecretKey, ticket.team.id)) {
        await deliverOnce(
          { idempotencyKey: `${request.key}:teams:${hook.channelId}`, kind: 'teams', channelId: hook.channelId, ticketId: ticket.id, recipientUserId: null, recipient: hook.name, template: request.template, subject: message.subject, payload: request.data },
          () => postTeamsMessage(hook.webhookUrl, { title: message.subject, text: message.text, url: `${deps.publicUrl}/admin/resources/tickets/records/${ticket.id}/show` }),
          failures,
        );
      }
    }
    if (failures.length) throw new Error(`${failures.length} delivery(ies) failed and will be retried: ${failures.join('; ')}`);
  };
}
