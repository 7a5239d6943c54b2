import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a store reports about bytes it has kept. */
export interface StoredContent {
  storageKey: string;
  sha256: string;
  sizeBytes: number;
}

/** Where uploads live (a directory, or PostgreSQL): under random keys, never under their names. */
export interface AttachmentStore {
  /**
   * Keeps the bytes; a stream is read to its end without ever holding the whole file in memory.
   * A new random key is chosen unless `storageKey` is given (a restore puts files back under theirs).
   */
  save(content: Buffer | Readable, options?: { storageKey?: string }): Promise<StoredContent>;
  /** The bytes, streamed; the stream errors when the key has nothing stored. */
  open(storageKey: string): Readable;
  /** Forgets the bytes (an upload refused after it was stored); nothing happens for an unknown key. */
  remove(storageKey: string): Promise<void>;
}

const keyPattern = /^[a-f0-9]{2}\/[a-f0-9]{32}$/;

/** A new random storage key, `ab/ab…` (32 hex digits). */
export function newStorageKey(): string {
  const name = randomBytes(16).toString('hex');
  return `${name.slice(0, 2)}/${name}`;
}

/** Checks a key read back from the database before it is used (as a path, or in a query). */
export function assertStorageKey(storageKey: string): void {
  if (!keyPattern.test(storageKey)) throw new Error(`invalid storage key ${storageKey}`);
}

/** A pass-through that hashes and counts what flows through it. */
export function digesting(): Transform & { digest(): { sha256: string; sizeBytes: number } } {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  return Object.assign(stream, { digest: () => ({ sha256: hash.digest('hex'), sizeBytes }) });
}

/** A store under `directory` (DATA_DIR/attachments): the embedded default, one machine only. */
export function createAttachmentStore(directory: string): AttachmentStore {
  const root = path.resolve(directory);
  const fileOf = (storageKey: string) => {
    assertStorageKey(storageKey);
    return path.join(root, storageKey);
  };
  return {
    async save(content, options) {
      const storageKey = options?.storageKey ?? newStorageKey();
      assertStorageKey(storageKey);
      await mkdir(path.join(root, storageKey.slice(0, 2)), { recursive: true, mode: 0o700 });
      const digest = digesting();
      try {
        await pipeline(
          Buffer.isBuffer(content) ? Readable.from([content]) : content,
          digest,
          createWriteStream(fileOf(storageKey), { mode: 0o600, flags: 'wx' }),
        );
      } catch (error) {
        // Never delete a file this call did not create (`wx` refused an existing one).
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(fileOf(storageKey), { force: true });
        throw error;
      }
      return { storageKey, ...digest.digest() };
    },
    open: (storageKey) => createReadStream(fileOf(storageKey)),
    remove: (storageKey) => rm(fileOf(storageKey), { force: true }),
  };
}
