import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import express from 'express';

/** Something an external API received: an e-mail for SendGrid, a card for a Teams webhook, or an outbound webhook event. */
export interface CapturedMessage {
  id: string;
  kind: 'email' | 'teams' | 'webhook';
  receivedAt: string;
  /** For e-mail: the recipients; for Teams: the webhook path. */
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A running capture server. */
export interface CaptureServer {
  url: string;
  messages(): CapturedMessage[];
  clear(): void;
  /** Where the inbox's Reply buttons post, as SendGrid Inbound Parse would (a mailbox's URL). */
  setInboundParseUrl(url: string | null): void;
  /** Makes the next `count` requests (under `pathPrefix`, default all) fail with `status`, as an outage of SendGrid or Teams would. */
  failNext(count: number, status?: number, pathPrefix?: string): void;
  close(): Promise<void>;
}

interface SendGridPersonalization {
  to?: { email?: string }[];
  subject?: string;
  headers?: Record<string, string>;
}

interface SendGridBody {
  personalizations?: SendGridPersonalization[];
  from?: { email?: string };
  subject?: string;
  content?: { type?: string; value?: string }[];
  headers?: Record<string, string>;
}

// SendGrid answers invalid requests with 400 and {"errors": [{message, field}]}; we do the same
// so the real client's error handling is exercised.
function validateSendGrid(body: SendGridBody): { message: string; field: string }[] {
  const errors: { message: string; field: string }[] = [];
  if (!Array.isArray(body.personalizations) || body.personalizations.length === 0)
    errors.push({ message: 'The personalizations field is required.', field: 'personalizations' });
  else if (body.personalizations.some((p) => !p.to?.length || p.to.some((t) => !t.email)))
    errors.push({ message: 'Each personalization needs a to address.', field: 'personalizations.to' });
  if (!body.from?.email) errors.push({ message: 'The from email is required.', field: 'from.email' });
  if (!body.subject && !body.personalizations?.every((p) => p.subject))
    errors.push({ message: 'The subject is required.', field: 'subject' });
  if (!body.content?.length || body.content.some((c) => !c.type || !c.value))
    errors.push({
      message: 'The content value must be a string at least one character in length.',
      field: 'content.0.value',
    });
  return errors;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const replyForm = (m: CapturedMessage, canReply: boolean) =>
  m.kind !== 'email'
    ? ''
    : canReply
      ? `<details><summary>Reply</summary><form method="post" action="/reply/${encodeURIComponent(m.id)}"><label>From <input name="from" value="${escapeHtml(m.to[0] ?? '')}" size="40"></label><br><label>Cc <input name="cc" size="40" placeholder="optional"></label><br><label for="t-${escapeHtml(m.id)}">Your reply</label><br><textarea id="t-${escapeHtml(m.id)}" name="text" rows="4" cols="70" required></textarea><br><button>Send reply to TicketFlow</button> <small>posted as SendGrid Inbound Parse would</small></form></details>`
      : '<p><small>Reply: no inbound mailbox is configured for the capture server.</small></p>';

function inboxPage(messages: CapturedMessage[], canReply: boolean, notice: string | null): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) =>
        `<article><header><strong>${m.kind === 'email' ? '✉️ e-mail' : m.kind === 'teams' ? '💬 Teams' : '🔔 webhook'}</strong> to ${escapeHtml(m.to.join(', '))} · <time>${m.receivedAt}</time></header><h2>${escapeHtml(m.subject)}</h2><pre>${escapeHtml(m.text)}</pre>${replyForm(m, canReply)}</article>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TicketFlow capture inbox</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}h2{font-size:1.1rem}pre{white-space:pre-wrap}</style></head><body><h1>Capture inbox</h1>${notice ? `<p role="status"><strong>${escapeHtml(notice)}</strong></p>` : ''}<p>E-mail sent to SendGrid and messages posted to Teams webhooks by TicketFlow land here instead. ${messages.length} message(s); <a href="/api/messages">JSON</a>.</p>${rows || '<p>Nothing sent yet.</p>'}</body></html>`;
}

/** Starts a local stand-in for SendGrid's v3 mail API and Teams incoming webhooks. */
export async function startCaptureServer(options: {
  port: number;
  host?: string;
  storeFile?: string;
  /** Where Reply posts (a mailbox's SendGrid Inbound Parse URL); Reply is off without it. */
  inboundParseUrl?: string;
}): Promise<CaptureServer> {
  const messages: CapturedMessage[] = [];
  if (options.storeFile) {
    const stored = await readFile(options.storeFile, 'utf8').catch(() => '');
    for (const line of stored.split('\n').filter(Boolean)) messages.push(JSON.parse(line) as CapturedMessage);
  }
  const keep = (message: CapturedMessage) => {
    messages.push(message);
    if (options.storeFile) void appendFile(options.storeFile, `${JSON.stringify(message)}\n`);
  };

  const app = express();
  app.use(express.json({ limit: '5mb' }));
  let failures = { remaining: 0, status: 503, pathPrefix: '/' };
  app.use((req, res, next) => {
    if (
      req.method !== 'POST' ||
      req.path.startsWith('/api/') ||
      failures.remaining <= 0 ||
      !req.path.startsWith(failures.pathPrefix)
    )
      return next();
    failures.remaining -= 1;
    res
      .status(failures.status)
      .json({ errors: [{ message: 'Service temporarily unavailable (injected by the capture server)', field: null }] });
  });
  app.post('/api/faults', (req, res) => {
    const body = req.body as { count?: number; status?: number; pathPrefix?: string };
    failures = {
      remaining: Number(body.count ?? 1),
      status: Number(body.status ?? 503),
      pathPrefix: body.pathPrefix ?? '/',
    };
    res.status(204).end();
  });

  app.post('/v3/mail/send', (req, res) => {
    if (!/^Bearer \S+/.test(req.get('authorization') ?? '')) {
      res.status(401).json({
        errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null }],
      });
      return;
    }
    const body = req.body as SendGridBody;
    const errors = validateSendGrid(body);
    if (errors.length) {
      res.status(400).json({ errors });
      return;
    }
    const id = randomUUID();
    const personalizations = body.personalizations ?? [];
    keep({
      id,
      kind: 'email',
      receivedAt: new Date().toISOString(),
      to: personalizations.flatMap((p) => (p.to ?? []).map((t) => t.email ?? '')),
      subject: body.subject ?? personalizations[0]?.subject ?? '',
      text: body.content?.find((c) => c.type === 'text/plain')?.value ?? body.content?.[0]?.value ?? '',
      headers: { ...body.headers, ...personalizations[0]?.headers },
      body,
    });
    res.status(202).set('X-Message-Id', id).end();
  });

  app.post('/teams/:hook', (req, res) => {
    const body = req.body as { title?: string; text?: string; summary?: string };
    keep({
      id: randomUUID(),
      kind: 'teams',
      receivedAt: new Date().toISOString(),
      to: [req.params.hook],
      subject: body.title ?? body.summary ?? '',
      text: body.text ?? JSON.stringify(body),
      headers: {},
      body,
    });
    // Teams incoming webhooks answer a plain "1".
    res.status(200).type('text').send('1');
  });

  // A receiver for TicketFlow's outbound webhooks (register http://127.0.0.1:3002/webhooks/<name> under
  // `npm start`): it keeps the event and its signature headers; /api/faults makes it fail for a while.
  app.post('/webhooks/:hook', (req, res) => {
    const body = req.body as { id?: string; type?: string; ticket?: { number?: string } };
    keep({
      id: randomUUID(),
      kind: 'webhook',
      receivedAt: new Date().toISOString(),
      to: [req.params.hook],
      subject: `${body.type ?? 'event'} ${body.ticket?.number ?? ''}`.trim(),
      text: JSON.stringify(body, null, 2),
      headers: {
        'x-ticketflow-signature': req.get('x-ticketflow-signature') ?? '',
        'x-ticketflow-event-id': req.get('x-ticketflow-event-id') ?? '',
      },
      body,
    });
    res.status(204).end();
  });

  app.get('/api/messages', (_req, res) => {
    res.json(messages);
  });
  app.delete('/api/messages', (_req, res) => {
    messages.length = 0;
    res.status(204).end();
  });
  let inboundParseUrl: string | null = options.inboundParseUrl ?? null;
  // "Reply": the captured mail answered by a person, delivered to TicketFlow exactly as SendGrid
  // Inbound Parse posts it (multipart fields headers, text, from, to, envelope, charsets, SPF, dkim).
  app.post('/reply/:id', express.urlencoded({ extended: false, limit: '1mb' }), async (req, res) => {
    const original = messages.find((m) => m.id === req.params.id);
    const body = req.body as { from?: string; text?: string; cc?: string };
    if (!original || !inboundParseUrl || !body.text?.trim()) {
      res.status(400).type('text').send('Unknown message, no inbound mailbox, or an empty reply.');
      return;
    }
    const sent = original.body as { reply_to?: { email?: string }; from?: { email?: string } };
    const to = sent.reply_to?.email ?? sent.from?.email ?? '';
    const from = (body.from ?? original.to[0] ?? '').trim();
    const inReplyTo = original.headers['Message-ID'] ?? '';
    const references = [original.headers.References, inReplyTo].filter(Boolean).join(' ');
    const subject = /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`;
    const messageId = `<${randomUUID()}@capture.localhost>`;
    const headers = [
      `Received: from capture.localhost (capture.localhost [127.0.0.1]) by mx.sendgrid.net`,
      `From: ${from}`,
      `To: ${to}`,
      ...(body.cc?.trim() ? [`Cc: ${body.cc.trim()}`] : []),
      `Subject: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: ${messageId}`,
      ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${references}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
    ].join('\n');
    const quoted = original.text
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const form = new FormData();
    form.append('headers', `${headers}\n`);
    form.append('dkim', '{}');
    form.append('content-ids', '{}');
    form.append('to', to);
    form.append('from', from);
    form.append('text', `${body.text.trim()}\n\nOn ${original.receivedAt}, TicketFlow wrote:\n${quoted}\n`);
    form.append('sender_ip', '127.0.0.1');
    form.append('envelope', JSON.stringify({ to: [to], from }));
    form.append('attachments', '0');
    form.append('subject', subject);
    form.append('charsets', JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' }));
    form.append('SPF', 'none');
    try {
      const answer = await fetch(inboundParseUrl, { method: 'POST', body: form });
      const result = (await answer.json().catch(() => ({}))) as {
        outcome?: string;
        ticketId?: number;
        reason?: string;
      };
      lastNotice = answer.ok
        ? `Reply delivered: ${result.outcome ?? 'ok'}${result.ticketId ? ` on ticket #${result.ticketId}` : ''}${result.reason ? ` (${result.reason})` : ''}.`
        : `TicketFlow answered ${answer.status}.`;
    } catch (error) {
      lastNotice = `Could not reach TicketFlow: ${(error as Error).message}`;
    }
    res.redirect(303, '/');
  });
  let lastNotice: string | null = null;
  app.get('/', (_req, res) => {
    const notice = lastNotice;
    lastNotice = null;
    res.type('html').send(inboxPage(messages, inboundParseUrl !== null, notice));
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    messages: () => messages.slice(),
    clear: () => void (messages.length = 0),
    setInboundParseUrl: (url) => void (inboundParseUrl = url),
    failNext: (count, status = 503, pathPrefix = '/') => void (failures = { remaining: count, status, pathPrefix }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
