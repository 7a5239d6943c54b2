import { Readable } from 'node:stream';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { HttpError } from '../http-error.js';
import type { AttachmentStore, StoredContent } from '../../tickets/files/attachment-store.js';
import { sniffAllowedType } from '../../tickets/files/file-types.js';

/** What multer's `req.file` carries once the streaming engine has stored an upload. */
export interface StreamedUpload extends StoredContent {
  contentType: string;
}

/** How many leading bytes decide the type (file-type needs 4100; text is judged on this much). */
const headBytes = 64 * 1024;

/** Reads up to `limit` bytes from the start of `stream`; the rest stays in the stream. */
async function readHead(stream: Readable, limit: number): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    if (size >= limit) break;
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      size += chunk.length;
      continue;
    }
    if (stream.readableEnded) return { head: Buffer.concat(chunks), ended: true };
    const ended = await new Promise<boolean>((resolve, reject) => {
      const cleanup = () => {
        stream.off('readable', onReadable);
        stream.off('end', onEnd);
        stream.off('error', onError);
      };
      const onReadable = () => (cleanup(), resolve(false));
      const onEnd = () => (cleanup(), resolve(true));
      const onError = (error: Error) => (cleanup(), reject(error));
      stream.once('readable', onReadable);
      stream.once('end', onEnd);
      stream.once('error', onError);
    });
    if (ended) return { head: Buffer.concat(chunks), ended: true };
  }
  return { head: Buffer.concat(chunks), ended: false };
}

/**
 * A multer storage engine that streams the upload into the attachment store: the type is decided
 * from the first bytes (and a refused type stores nothing), the rest flows through to the store,
 * so a large file is never whole in memory. Multer's size limit cuts the stream and removes what
 * was stored.
 */
export function streamingUpload(store: AttachmentStore, cleanName: (name: string) => string): StorageEngine {
  return {
    _handleFile(_req: Request, file, callback) {
      const stream = file.stream;
      (async (): Promise<StreamedUpload> => {
        const { head, ended } = await readHead(stream, headBytes);
        const type = await sniffAllowedType(head, cleanName(file.originalname), { complete: ended });
        if (!type.ok) {
          stream.resume(); // drain the rest; nothing was stored
          throw new HttpError('unsupported_media_type', type.reason, [{ path: 'file', message: type.reason }]);
        }
        const content = Readable.from(
          (async function* () {
            yield head;
            if (!ended) for await (const chunk of stream) yield chunk as Buffer;
          })(),
        );
        return { ...(await store.save(content)), contentType: type.contentType };
      })().then(
        (stored) => callback(null, stored as unknown as Partial<Express.Multer.File>),
        (error: unknown) => callback(error as Error),
      );
    },
    _removeFile(_req: Request, file, callback) {
      const { storageKey } = file as unknown as Partial<StreamedUpload>;
      if (!storageKey) return callback(null);
      store.remove(storageKey).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}
