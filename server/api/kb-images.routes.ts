import { contentDisposition } from '../../domain/content-disposition.js';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { isArticleReadable } from '../../db/kb-articles.js';
import { findKbImage, insertKbImage, kbArticleExists } from '../../db/kb-images.js';
import { kbImageResponse, type KbImage } from '../../domain/kb-schemas.js';
import { findCaller, requireCaller } from '../auth/caller.js';
import { safeFilename } from '../../domain/attachment-rules.js';
import { receiveFile, type AttachmentSettings } from '../attachments/attachments.routes.js';
import type { StreamedUpload } from '../attachments/streaming-upload.js';
import { HttpError, notFound, validationFailed } from '../http-error.js';
import { kbReaderOf } from '../kb/kb-reader.js';
import { parseInput } from './parse-input.js';
import { addRoute } from './route-registry.js';

const idParam = z.coerce
  .number({ error: 'must be a number' })
  .int()
  .positive('must be a positive id')
  .max(2_147_483_647);

/** Images in article bodies: uploaded by staff into the attachment store, served to whoever may read the article. */
export function kbImagesRouter(db: Db, settings: AttachmentSettings): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'post',
      path: '/kb/articles/:id/images',
      summary: 'Upload an image for an article (multipart field "file"; PNG, JPEG, GIF or WebP)',
      permission: 'kb:images',
      params: { id: idParam },
      multipart: { file: 'file' },
      responses: { 201: { description: 'The stored image and its markdown', schema: kbImageResponse } },
    },
    // The article must exist before a byte of the image is stored.
    async (req, _res, next) => {
      const articleId = parseInput(idParam, req.params.id, 'path');
      if (!(await kbArticleExists(db, articleId))) throw notFound(`Article ${articleId}`);
      next();
    },
    // Streamed into the store, its type sniffed from the bytes and checked like any upload's.
    receiveFile(settings.store, settings.maxBytes),
    async (req, res) => {
      const caller = requireCaller(req);
      const articleId = parseInput(idParam, req.params.id, 'path');
      if (!req.file) throw validationFailed([{ path: 'file', message: 'is required' }]);
      const stored = req.file as unknown as StreamedUpload;
      const filename = safeFilename(req.file.originalname);
      if (!stored.contentType.startsWith('image/')) {
        await settings.store.remove(stored.storageKey).catch(() => undefined);
        const message = `${filename} is not an image; articles show PNG, JPEG, GIF or WebP images.`;
        throw new HttpError('unsupported_media_type', message, [{ path: 'file', message }]);
      }
      const image = await insertKbImage(db, {
        articleId,
        uploaderId: caller.userId,
        filename,
        storageKey: stored.storageKey,
        contentType: stored.contentType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
      });
      const url = `/api/kb/images/${image.id}`;
      const alt = filename.replace(/\.[a-z0-9]+$/i, '').replace(/[[\]]/g, '');
      const body: KbImage = {
        id: image.id,
        url,
        filename,
        contentType: image.contentType,
        markdown: `![${alt}](${url})`,
      };
      res.status(201).json(body);
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/kb/images/:id',
      summary: "An article's image, for those who may read the article (no sign-in needed for public ones)",
      permission: null,
      params: { id: idParam },
      responses: { 200: { description: 'The image' } },
    },
    async (req, res) => {
      const id = parseInput(idParam, req.params.id, 'path');
      const image = await findKbImage(db, id);
      if (!image || !(await isArticleReadable(db, kbReaderOf(findCaller(req)), image.articleId)))
        throw notFound(`Image ${id}`);
      res.set({
        'Content-Type': image.contentType,
        'Content-Length': String(image.sizeBytes),
        'Content-Disposition': contentDisposition('inline', image.filename),
        'X-Content-Type-Options': 'nosniff',
        // Visibility can change: browsers may keep it a few minutes, shared caches never.
        'Cache-Control': 'private, max-age=300',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      settings.store
        .open(image.storageKey)
        .on('error', () => res.destroy())
        .pipe(res);
    },
  );

  return router;
}
