import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { findAttachment, findMessageOwner, insertAttachment } from '../../db/attachments.js';
import { ticketIdParam } from '../../domain/ticket-schemas.js';
import { requireCaller } from '../auth/caller.js';
import { parseInput } from '../api/parse-input.js';
import { addRoute } from '../api/route-registry.js';
import { attachmentResponse } from '../../domain/api-response-schemas.js';
import { HttpError, notFound, validationFailed } from '../http-error.js';
import { requireTicketAccess } from '../tickets/ticket-access.js';
import type { AttachmentStore } from './attachment-store.js';
import { allowedKindsText, sniffAllowedType } from './file-types.js';

/** How uploads are handled. */
export interface AttachmentSettings {
  store: AttachmentStore;
  maxBytes: number;
}

const uploadFields = z.strictObject({ messageId: z.coerce.number().int().positive().optional() });

// Control characters, path separators and quotes never reach a header or a log.
const cleanFilename = (name: string) => name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').trim().slice(-200) || 'file';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Multipart parsing with the size limit; multer's errors become the contract's 413 and 400. */
function receiveFile(maxBytes: number): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next(new HttpError('unsupported_media_type', 'Upload the file as multipart/form-data in a field named "file".'));
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') return next(new HttpError('payload_too_large', `The file is larger than ${megabytes(maxBytes)}.`, [{ path: 'file', message: `must be at most ${megabytes(maxBytes)}` }]));
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') return next(validationFailed([{ path: 'file', message: 'send exactly one file, in the field "file"' }]));
      return next(validationFailed([{ path: '(body)', message: 'is not a readable multipart upload' }]));
    });
  };
}

/** `POST /api/tickets/:id/attachments` and `GET /api/attachments/:id`. */
export function attachmentsRouter(db: Db, settings: AttachmentSettings): Router {
  const router = Router();

  addRoute(
    router,
    { method: 'post', path: '/tickets/:id/attachments', summary: `Upload a file (multipart field "file"; ${allowedKindsText}; size limited)`, permission: 'tickets:attach', params: { id: ticketIdParam }, multipart: { file: 'file', fields: uploadFields }, responses: { 201: { description: 'The stored attachment', schema: attachmentResponse } } },
    receiveFile(settings.maxBytes),
    async (req, res) => {
      const caller = requireCaller(req);
      const ticketId = parseInput(ticketIdParam, req.params.id, 'path');
      const { messageId } = parseInput(uploadFields, req.body ?? {}, 'query');
      const access = await requireTicketAccess(db, ticketId, caller);
      if (!req.file) throw validationFailed([{ path: 'file', message: 'is required' }]);
      const status = await db('tickets').where({ id: ticketId }).first('status');
      if (status?.status === 'closed') throw new HttpError('conflict', 'This ticket is closed; attachments cannot be added.', { reason: 'closed' });
      if (messageId !== undefined) {
        const owner = await findMessageOwner(db, messageId);
        if (!owner || owner.ticketId !== ticketId || (owner.internal && !access.staff)) throw validationFailed([{ path: 'messageId', message: 'is not a message of this ticket' }]);
      }
      const filename = cleanFilename(req.file.originalname);
      const type = await sniffAllowedType(req.file.buffer, filename);
      if (!type.ok) throw new HttpError('unsupported_media_type', type.reason, [{ path: 'file', message: type.reason }]);
      const { storageKey, sha256 } = await settings.store.save(req.file.buffer);
      const attachment = await insertAttachment(db, { ticketId, messageId: messageId ?? null, uploaderId: caller.userId, filename, storageKey, contentType: type.contentType, sizeBytes: req.file.size, sha256 });
      res.status(201).json(attachment);
    },
  );

  addRoute(
    router,
    { method: 'get', path: '/attachments/:id', summary: 'Download an attachment (as a file, never rendered inline)', permission: 'attachments:read', params: { id: ticketIdParam }, responses: { 200: { description: 'The file, with Content-Disposition: attachment' } } },
    async (req, res) => {
      const caller = requireCaller(req);
      const id = parseInput(ticketIdParam, req.params.id, 'path');
      const attachment = await findAttachment(db, id);
      if (!attachment) throw notFound(`Attachment ${id}`);
      const access = await requireTicketAccess(db, attachment.ticketId, caller).catch(() => null);
      // Attachments of internal notes do not exist for customers: the same 404 as a foreign ticket.
      if (!access || (attachment.internal && !access.staff)) throw notFound(`Attachment ${id}`);
      res.set({
        'Content-Type': attachment.contentType,
        'Content-Length': String(attachment.sizeBytes),
        'Content-Disposition': `attachment; filename="${attachment.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      settings.store.open(attachment.storageKey).on('error', () => res.destroy()).pipe(res);
    },
  );

  return router;
}
