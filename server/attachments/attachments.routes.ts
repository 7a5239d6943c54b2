import { contentDisposition } from '../../domain/content-disposition.js';
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { attachmentKindsText, safeFilename } from '../../domain/attachment-rules.js';
import { ticketIdParam } from '../../domain/ticket-schemas.js';
import { checkAttachable, findDownloadableAttachment, recordAttachment } from '../../tickets/attachments.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { requireCaller, ticketActorOf } from '../auth/caller.js';
import type { Idempotent } from '../api/idempotency.js';
import { unwrap } from '../api/outcome-response.js';
import { parseInput } from '../api/parse-input.js';
import { addRoute } from '../api/route-registry.js';
import { attachmentResponse } from '../../domain/api-response-schemas.js';
import { HttpError, validationFailed } from '../http-error.js';
import type { AttachmentStore } from '../../tickets/files/attachment-store.js';
import { streamingUpload, type StreamedUpload } from './streaming-upload.js';

/** How uploads are handled. */
export interface AttachmentSettings {
  store: AttachmentStore;
  maxBytes: number;
}

const uploadFields = z.strictObject({ messageId: z.coerce.number().int().positive().optional() });

// Uploads whose attachment row was written; any other stored upload is removed when the answer
// is sent (a refusal after storing, or an idempotent replay of an earlier upload).
const recordedUploads = new WeakSet<Request>();

/** Removes the stored bytes of an upload that did not become an attachment: nothing half-written. */
function removeUnrecordedUpload(store: AttachmentStore): RequestHandler {
  return (req, res, next) => {
    const storageKey = (req.file as unknown as StreamedUpload | undefined)?.storageKey;
    if (storageKey)
      res.on('close', () => {
        if (!recordedUploads.has(req)) store.remove(storageKey).catch(() => undefined);
      });
    next();
  };
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Multipart parsing streamed into the store with the size limit; multer's errors become the contract's 413 and 400. */
export function receiveFile(store: AttachmentStore, maxBytes: number): RequestHandler {
  const upload = multer({
    storage: streamingUpload(store, safeFilename),
    limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024 },
  }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data'))
      return next(
        new HttpError('unsupported_media_type', 'Upload the file as multipart/form-data in a field named "file".'),
      );
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof HttpError) return next(error); // a refused type, from the storage engine
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE')
        return next(
          new HttpError('payload_too_large', `The file is larger than ${megabytes(maxBytes)}.`, [
            { path: 'file', message: `must be at most ${megabytes(maxBytes)}` },
          ]),
        );
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')
        return next(validationFailed([{ path: 'file', message: 'send exactly one file, in the field "file"' }]));
      return next(validationFailed([{ path: '(body)', message: 'is not a readable multipart upload' }]));
    });
  };
}

/** `POST /api/tickets/:id/attachments` and `GET /api/attachments/:id`. */
export function attachmentsRouter(deps: TicketDeps, settings: AttachmentSettings, idempotent: Idempotent): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'post',
      path: '/tickets/:id/attachments',
      summary: `Upload a file (multipart field "file"; ${attachmentKindsText}; size limited)`,
      permission: 'tickets:attach',
      params: { id: ticketIdParam },
      multipart: { file: 'file', fields: uploadFields },
      idempotent: true,
      responses: { 201: { description: 'The stored attachment', schema: attachmentResponse } },
    },
    // Who may attach, and to an open ticket, is settled before a byte of the file is stored.
    async (req, _res, next) => {
      const ticketId = parseInput(ticketIdParam, req.params.id, 'path');
      unwrap(await checkAttachable(deps, ticketId, ticketActorOf(requireCaller(req))));
      next();
    },
    receiveFile(settings.store, settings.maxBytes),
    removeUnrecordedUpload(settings.store),
    idempotent(),
    async (req, res) => {
      const actor = ticketActorOf(requireCaller(req));
      const ticketId = parseInput(ticketIdParam, req.params.id, 'path');
      if (!req.file) throw validationFailed([{ path: 'file', message: 'is required' }]);
      const { messageId } = parseInput(uploadFields, req.body ?? {}, 'query');
      const stored = req.file as unknown as StreamedUpload;
      const file = { ...stored, originalName: req.file.originalname };
      const attachment = unwrap(await recordAttachment(deps, ticketId, file, { messageId }, actor));
      recordedUploads.add(req);
      res.status(201).json(attachment);
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/attachments/:id',
      summary: 'Download an attachment (as a file, never rendered inline)',
      permission: 'attachments:read',
      params: { id: ticketIdParam },
      responses: { 200: { description: 'The file, with Content-Disposition: attachment' } },
    },
    async (req, res) => {
      const actor = ticketActorOf(requireCaller(req));
      const id = parseInput(ticketIdParam, req.params.id, 'path');
      const attachment = unwrap(await findDownloadableAttachment(deps, id, actor));
      res.set({
        'Content-Type': attachment.contentType,
        'Content-Length': String(attachment.sizeBytes),
        'Content-Disposition': contentDisposition('attachment', attachment.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      settings.store
        .open(attachment.storageKey)
        .on('error', () => res.destroy())
        .pipe(res);
    },
  );

  return router;
}
