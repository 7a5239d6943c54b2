import type { Db } from '../../db/connection.js';
import { listTeamsWebhooks } from '../../db/notification-channels.js';
import { guestLinkKey, guestTicketPath, newGuestToken } from '../../db/guest-links.js';
import {
  beginDelivery,
  markDelivered,
  markDeliveryFailed,
  markDeliverySuppressed,
  type DeliveryAttempt,
} from '../../db/notifications.js';
import { retryWhileDatabaseUnavailable } from '../../db/retry-while-unavailable.js';
import { findTicketById } from '../../db/tickets.js';
import { findUsersByIds } from '../../db/users.js';
import { isStaff } from '../../domain/roles.js';
import type { TicketMailOutbound } from '../../mail/ticket-mail-outbound.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import type { Mailer } from '../../notify/mailer.js';
import { createOutboundHttp, type OutboundHttp } from '../../notify/outbound-http.js';
import { postTeamsMessage } from '../../notify/teams-webhook.js';
import { renderTemplate } from '../../notify/templates.js';
import type { NotificationRequest } from '../lifecycle/types.js';
import { loadMentionNote } from './mention-notice.js';

/** What deliveries need: where to send and how to build links. */
export interface DeliveryDependencies {
  db: Db;
  mailer: Mailer | null;
  publisher: InAppPublisher | null;
  /** Decrypts Teams webhook URLs and signs guests' links; without it Teams channels are skipped and guests get portal links. */
  appSecretKey: Buffer | null;
  publicUrl: string;
  /** How webhooks are called; without it, https to public addresses only (no allow-listed hosts). */
  outboundHttp?: OutboundHttp;
  /** Ticket e-mail with threading headers, per-mailbox transport and suppressions (mail/); plain SendGrid without it. */
  ticketMail?: TicketMailOutbound | null;
}

/**
 * Makes the activity that delivers one notification by e-mail, in-app and to the team's Teams
 * channel. Every delivery is logged under its idempotency key first: a retry skips what already
 * went out, and a failure stays visible in the log before the activity retries with backoff.
 */
// How long a sent delivery waits for a restarting database to record it: below the activity's
// 30 s start-to-close timeout, so it is never retried while still waiting.
const markSentPatienceMs = 20_000;

export function makeDeliverNotifications(deps: DeliveryDependencies) {
  const { db } = deps;
  const outboundHttp = deps.outboundHttp ?? createOutboundHttp({ allowHosts: [] });
  const guestKey = deps.appSecretKey ? guestLinkKey(deps.appSecretKey) : null;
  // Guests have no account to sign in with: their link is a signed one to that ticket alone. It is
  // signed for the requester; participants copied by mail (not requesters) answer by mail instead.
  const customerUrl = (user: { email: string; guest: boolean }, ticketId: number, requesterEmail?: string) =>
    user.guest && guestKey && (!requesterEmail || requesterEmail.toLowerCase() === user.email.toLowerCase())
      ? `${deps.publicUrl}${guestTicketPath(newGuestToken(guestKey, ticketId, user.email))}`
      : `${deps.publicUrl}/tickets/${ticketId}`;

  async function deliverOnce(
    attempt: DeliveryAttempt,
    send: () => Promise<void | { suppressed: string }>,
    failures: string[],
  ) {
    if ((await beginDelivery(db, attempt)) === 'already_sent') return;
    let outcome: void | { suppressed: string };
    try {
      outcome = await send();
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      await markDeliveryFailed(db, attempt.idempotencyKey, message);
      failures.push(`${attempt.kind} to ${attempt.recipient}: ${message}`);
      return;
    }
    // Sent: from here on, failing would make the retry send it again. A database that is
    // restarting gets waited for (well within the activity's 30 s); only a crash of this process in
    // the moment between the provider's answer and this write can still repeat the e-mail.
    await retryWhileDatabaseUnavailable(
      () =>
        outcome && 'suppressed' in outcome
          ? markDeliverySuppressed(db, attempt.idempotencyKey, outcome.suppressed)
          : markDelivered(db, attempt.idempotencyKey),
      { forMs: markSentPatienceMs },
    );
  }

  return async function deliverNotifications(request: NotificationRequest): Promise<void> {
    const ticket = await findTicketById(db, request.ticketId);
    if (!ticket) return;
    const failures: string[] = [];
    const userIds = deps.ticketMail
      ? await deps.ticketMail.recipientsFor(ticket.id, request.template, request.userIds, ticket.requester.id)
      : request.userIds;
    const mention = request.template === 'mentioned';
    // A mention reaches active staff only: whatever the request says, a customer never gets an internal note's words.
    const users = (await findUsersByIds(db, userIds)).filter((u) => u.active && (!mention || isStaff(u.role)));
    const note =
      mention && typeof request.data.messageId === 'number'
        ? await loadMentionNote(db, ticket.id, request.data.messageId)
        : null;
    const excerpt = note?.excerpt ?? (typeof request.data.excerpt === 'string' ? request.data.excerpt : undefined);
    const base = {
      number: ticket.number,
      title: ticket.title,
      status: ticket.status,
      priority: ticket.priority,
      ...(excerpt ? { excerpt } : {}),
      ...(note ? { mentionedBy: note.mentionedBy } : {}),
      ...(typeof request.data.rule === 'string' ? { rule: request.data.rule, level: Number(request.data.level) } : {}),
      ...(typeof request.data.targetNumber === 'string' ? { mergedInto: request.data.targetNumber } : {}),
    };
    // A merged ticket's notice links to the ticket the conversation continues on.
    const linked =
      (typeof request.data.targetId === 'number' ? await findTicketById(db, request.data.targetId) : null) ?? ticket;

    for (const user of users) {
      const url = isStaff(user.role)
        ? `${deps.publicUrl}/admin/resources/tickets/records/${linked.id}/show${note?.anchor ?? ''}`
        : customerUrl(user, linked.id, linked.requester.email);
      const message = renderTemplate(request.template, { ...base, url, recipientName: user.name });
      const common = {
        ticketId: ticket.id,
        recipientUserId: user.id,
        template: request.template,
        subject: message.subject,
        payload: request.data,
        channelId: null,
      };
      if (deps.ticketMail) {
        const ticketMail = deps.ticketMail;
        const key = `${request.key}:email:${user.id}`;
        // A mention's e-mail goes to staff about a note: it is not the note's copy in the mail thread.
        const ticketMessageId = !mention && typeof request.data.messageId === 'number' ? request.data.messageId : null;
        await deliverOnce(
          { ...common, idempotencyKey: key, kind: 'email', recipient: user.email },
          async () => {
            const sent = await ticketMail.send({
              ticket,
              recipient: user,
              template: request.template,
              subject: message.subject,
              text: message.text,
              idempotencyKey: key,
              ticketMessageId,
            });
            return 'suppressed' in sent ? sent : undefined;
          },
          failures,
        );
      } else if (deps.mailer) {
        const mailer = deps.mailer;
        const key = `${request.key}:email:${user.id}`;
        await deliverOnce(
          { ...common, idempotencyKey: key, kind: 'email', recipient: user.email },
          async () => {
            await mailer.send({ to: user.email, subject: message.subject, text: message.text, idempotencyKey: key });
          },
          failures,
        );
      }
      if (deps.publisher) {
        const publisher = deps.publisher;
        await deliverOnce(
          {
            ...common,
            idempotencyKey: `${request.key}:in_app:${user.id}`,
            kind: 'in_app',
            recipient: `user:${user.id}`,
          },
          async () => {
            publisher.notification(user.id, {
              ticketId: ticket.id,
              template: request.template,
              subject: message.subject,
            });
          },
          failures,
        );
      }
    }

    if (request.notifyTeamChannel && ticket.team && deps.appSecretKey) {
      const message = renderTemplate(request.template, {
        ...base,
        url: `${deps.publicUrl}/admin/resources/tickets/records/${ticket.id}/show`,
        recipientName: ticket.team.name,
      });
      for (const hook of await listTeamsWebhooks(db, deps.appSecretKey, ticket.team.id)) {
        await deliverOnce(
          {
            idempotencyKey: `${request.key}:teams:${hook.channelId}`,
            kind: 'teams',
            channelId: hook.channelId,
            ticketId: ticket.id,
            recipientUserId: null,
            recipient: hook.name,
            template: request.template,
            subject: message.subject,
            payload: request.data,
          },
          () =>
            postTeamsMessage(outboundHttp, hook.webhookUrl, {
              title: message.subject,
              text: message.text,
              url: `${deps.publicUrl}/admin/resources/tickets/records/${ticket.id}/show`,
            }),
          failures,
        );
      }
    }
    if (failures.length)
      throw new Error(`${failures.length} delivery(ies) failed and will be retried: ${failures.join('; ')}`);
  };
}
