import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where uploads live on disk: outside any static root, under random names. */
export interface AttachmentStore {
  save(bytes: Buffer): Promise<{ storageKey: string; sha256: string }>;
  open(storageKey: string): ReadStream;
}

const keyPattern = /^[a-f0-9]{2}\/[a-f0-9]{32}$/;

/** A store under `directory` (DATA_DIR/attachments). */
export function createAttachmentStore(directory: string): AttachmentStore {
  const root = path.resolve(directory);
  const fileOf = (storageKey: string) => {
    // Keys are ours, but a key read from the database is still checked before touching the disk.
    if (!keyPattern.test(storageKey)) throw new Error(`invalid storage key ${storageKey}`);
    return path.join(root, storageKey);
  };
  return {
    async save(bytes) {
      const name = randomBytes(16).toString('hex');
      const storageKey = `${name.slice(0, 2)}/${name}`;
      await mkdir(path.join(root, name.slice(0, 2)), { recursive: true, mode: 0o700 });
      await writeFile(fileOf(storageKey), bytes, { mode: 0o600, flag: 'wx' });
      return { storageKey, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    open: (storageKey) => createReadStream(fileOf(storageKey)),
  };
}
