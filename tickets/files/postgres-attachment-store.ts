import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { deleteAttachmentChunks, findAttachmentChunk, insertAttachmentChunk } from '../../db/attachment-chunks.js';
import type { Db } from '../../db/connection.js';
import { assertStorageKey, newStorageKey, type AttachmentStore } from './attachment-store.js';

/** Bytes per stored chunk: big enough for few rows, small enough to hold one at a time. */
export const attachmentChunkBytes = 256 * 1024;

/**
 * A store in PostgreSQL (`attachment_chunks`), for several server replicas on different machines.
 * Uploads are written chunk by chunk as they arrive and downloads read one chunk at a time, so no
 * file is ever whole in memory; the backup (`tf backup`) carries them with the database.
 */
export function createPostgresAttachmentStore(db: Db, chunkBytes = attachmentChunkBytes): AttachmentStore {
  return {
    async save(content, options) {
      const storageKey = options?.storageKey ?? newStorageKey();
      assertStorageKey(storageKey);
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const source: AsyncIterable<Buffer> | Iterable<Buffer> = Buffer.isBuffer(content) ? [content] : content;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async (bytes: number) => {
        const all = Buffer.concat(pending);
        await insertAttachmentChunk(db, storageKey, seq++, all.subarray(0, bytes));
        pending = [all.subarray(bytes)];
        pendingBytes = all.length - bytes;
      };
      try {
        for await (const chunk of source) {
          hash.update(chunk);
          sizeBytes += chunk.length;
          pending.push(chunk);
          pendingBytes += chunk.length;
          // Awaiting each insert pauses the upload: backpressure instead of buffering it.
          while (pendingBytes >= chunkBytes) await flush(chunkBytes);
        }
        // Always one chunk, even for an empty file: a missing chunk 0 then means "not stored".
        if (pendingBytes > 0 || seq === 0) await flush(pendingBytes);
      } catch (error) {
        // Only chunks this call wrote (a key already taken fails on its first insert, chunk 0).
        if (seq > 0) await deleteAttachmentChunks(db, storageKey).catch(() => undefined);
        throw error;
      }
      return { storageKey, sha256: hash.digest('hex'), sizeBytes };
    },
    open(storageKey) {
      assertStorageKey(storageKey);
      let seq = 0;
      return new Readable({
        read() {
          findAttachmentChunk(db, storageKey, seq).then(
            (data) => {
              if (data === null && seq === 0) this.destroy(new Error(`no attachment stored under ${storageKey}`));
              else {
                seq++;
                this.push(data);
              }
            },
            (error: unknown) => this.destroy(error as Error),
          );
        },
      });
    },
    remove: (storageKey) => deleteAttachmentChunks(db, storageKey),
  };
}
