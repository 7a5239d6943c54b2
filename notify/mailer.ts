import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';

/** An e-mail to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Carried to SendGrid as a custom header so a delivery can be traced back to its notification. */
  idempotencyKey: string;
  /** The sender when not the default (a mailbox's address and display name). */
  from?: string;
  replyTo?: string;
  /** Threading and loop headers: Message-ID, In-Reply-To, References, Auto-Submitted. */
  headers?: Record<string, string>;
}

/** Sends e-mail through the SendGrid v3 API (or anything speaking it, such as the dev capture server). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
}

/** Where and as whom to send. */
export interface MailerSettings {
  apiKey: string;
  /** https://api.sendgrid.com in production; the capture server locally. */
  apiUrl: string;
  from: string;
}

/** Builds a mailer on the official SendGrid client with its base URL set from settings. */
export function createMailer(settings: MailerSettings): Mailer {
  const client = new Client();
  client.setApiKey(settings.apiKey); // resets the base URL, so it is set afterwards
  client.setDefaultRequest('baseUrl', settings.apiUrl);
  const mail = new MailService();
  mail.setClient(client);
  return {
    async send(message) {
      const [response] = await mail.send({
        to: message.to,
        from: message.from ?? settings.from,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        headers: { ...message.headers, 'X-TicketFlow-Idempotency-Key': message.idempotencyKey },
        customArgs: { idempotency_key: message.idempotencyKey },
      });
      const id = response.headers['x-message-id'];
      return { messageId: typeof id === 'string' ? id : null };
    },
  };
}
