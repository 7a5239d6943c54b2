import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { findMailboxByInboundToken, type Mailbox } from '../../db/mailboxes.js';
import { openSecret } from '../../db/secret-box.js';
import { importMail, type MailImportDependencies } from '../../mail/import-mail.js';
import { inboundParseToMessage, type InboundParsePost } from '../../mail/sendgrid-inbound.js';
import { HttpError, notFound, validationFailed } from '../http-error.js';
import { addRoute } from './route-registry.js';

/** What the inbound route needs: the mail intake and the key that opens basic-auth passwords. */
export interface InboundMailSettings {
  db: Db;
  importer: MailImportDependencies;
  appSecretKey: Buffer;
  /** Largest post accepted (the raw message plus SendGrid's fields). */
  maxBytes: number;
}

const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'is not an Inbound Parse token');

// SendGrid sends every field in the message's own charset and names it in `charsets`: fields
// are read as bytes (latin1 keeps them intact) and decoded once the charsets are known.
function receive(req: Request, maxBytes: number): Promise<InboundParsePost> {
  return new Promise((resolve, reject) => {
    const raw: Record<string, string> = {};
    const files: InboundParsePost['files'] = [];
    let total = 0;
    let tooLarge = false;
    const parser = busboy({
      headers: req.headers,
      defCharset: 'latin1',
      defParamCharset: 'utf8',
      limits: { fieldSize: maxBytes, fileSize: maxBytes, files: 100, fields: 50 },
    });
    parser.on('field', (name, value) => {
      total += value.length;
      raw[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) tooLarge = true;
        else chunks.push(c);
      });
      stream.on('limit', () => void (tooLarge = true));
      stream.on('end', () =>
        files.push({
          field,
          filename: info.filename ?? field,
          contentType: info.mimeType,
          content: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => {
      if (tooLarge || total > maxBytes)
        return reject(new HttpError('payload_too_large', 'The message is larger than this mailbox accepts.'));
      let charsets: Record<string, string> = {};
      try {
        charsets = JSON.parse(raw.charsets ?? '{}') as Record<string, string>;
      } catch {
        charsets = {};
      }
      const fields: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw)) {
        const bytes = Buffer.from(value, 'latin1');
        const charset = (charsets[name] ?? 'utf-8').toLowerCase();
        try {
          fields[name] = new TextDecoder(charset).decode(bytes);
        } catch {
          fields[name] = bytes.toString('utf8');
        }
      }
      resolve({ fields, files });
    });
    req.pipe(parser);
  });
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function checkBasicAuth(req: Request, mailbox: Mailbox, key: Buffer): void {
  if (!mailbox.inboundBasicAuth) return;
  const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
  const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
    .toString('utf8')
    .split(':');
  const expected = openSecret(key, mailbox.inboundBasicAuth.passwordSealed);
  if (
    scheme?.toLowerCase() !== 'basic' ||
    !same(user ?? '', mailbox.inboundBasicAuth.user) ||
    !same(rest.join(':'), expected)
  )
    throw new HttpError(
      'unauthenticated',
      'This Inbound Parse URL needs the basic-auth user and password set on the mailbox.',
      undefined,
      {
        'WWW-Authenticate': 'Basic realm="TicketFlow inbound mail"',
      },
    );
}

/** `POST /api/inbound/sendgrid/:token`: SendGrid Inbound Parse (parsed or "send raw") into the mailbox the token names. */
export function inboundMailRouter(settings: InboundMailSettings): Router {
  const router = Router();
  // An admin who opens the URL (it is printed by `npm start` and the CLI, and shown on the mailbox)
  // learns what it is for and that it works, instead of a bare 404 for the wrong method.
  addRoute(
    router,
    {
      method: 'get',
      path: '/inbound/sendgrid/:token',
      summary: 'Says which mailbox an Inbound Parse URL feeds and how to use it (SendGrid itself posts to it)',
      permission: null,
      params: { token: tokenParam },
      responses: {
        200: {
          description: 'The mailbox this URL feeds',
          schema: z.object({ mailbox: z.string(), usage: z.string() }),
        },
      },
    },
    async (req, res) => {
      const token = tokenParam.safeParse(req.params.token);
      if (!token.success) throw notFound('This inbound address');
      const mailbox = await findMailboxByInboundToken(settings.db, token.data);
      if (!mailbox) throw notFound('This inbound address');
      checkBasicAuth(req, mailbox, settings.appSecretKey);
      res.json({
        mailbox: mailbox.address,
        usage:
          'Set this URL as the destination of a SendGrid Inbound Parse setting (parsed or "send raw"); SendGrid POSTs each message here as multipart/form-data.',
      });
    },
  );
  addRoute(
    router,
    {
      method: 'post',
      path: '/inbound/sendgrid/:token',
      summary:
        "SendGrid Inbound Parse webhook for one mailbox (the token is the mailbox's secret; basic auth when the mailbox sets it). Takes SendGrid's multipart post, parsed or raw (`email` field). Answers 200 also for mail it refuses (logged for the admin), so SendGrid does not retry it.",
      permission: null,
      params: { token: tokenParam },
      multipart: {
        file: 'attachment1',
        fields: z.object({
          headers: z.string().optional(),
          email: z.string().optional(),
          envelope: z.string().optional(),
        }),
      },
      responses: {
        200: {
          description: 'What became of the message',
          schema: z.object({
            outcome: z.string(),
            ticketId: z.number().nullable(),
            duplicate: z.boolean(),
            reason: z.string().nullable(),
          }),
        },
      },
    },
    async (req, res) => {
      const token = tokenParam.safeParse(req.params.token);
      if (!token.success) throw notFound('This inbound address');
      const mailbox = await findMailboxByInboundToken(settings.db, token.data);
      if (!mailbox) throw notFound('This inbound address');
      checkBasicAuth(req, mailbox, settings.appSecretKey);
      if (!req.is('multipart/form-data'))
        throw new HttpError('unsupported_media_type', 'Inbound Parse posts multipart/form-data.');
      const post = await receive(req, Math.min(settings.maxBytes, mailbox.maxMessageBytes * 2));
      const message = await inboundParseToMessage(post);
      if (!message)
        throw validationFailed([
          { path: 'email', message: 'send the raw message in "email", or "headers" with "text"/"html"' },
        ]);
      const result = await importMail(settings.importer, mailbox, {
        raw: message.raw,
        via: 'sendgrid',
        envelope: message.envelope,
        ...(message.providerAuth ? { providerAuth: message.providerAuth } : {}),
      });
      res.json({
        outcome: result.outcome,
        ticketId: result.ticketId,
        duplicate: result.duplicate,
        reason: result.reason,
      });
    },
  );
  return router;
}
