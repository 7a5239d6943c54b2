import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { createAttachmentStore, type AttachmentStore } from './attachment-store.js';
import { createPostgresAttachmentStore } from './postgres-attachment-store.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { poolMax: 2 });
  dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-store-'));
});
afterAll(async () => {
  await db?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A stream of `total` random bytes in pieces of odd sizes, as a network upload arrives. */
function arriving(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 1337) yield bytes.subarray(at, at + 1337);
    })(),
  );
}

const read = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const stores: [string, () => AttachmentStore][] = [
  ['filesystem', () => createAttachmentStore(dir)],
  // Small chunks, so a 100 KB file spans many of them.
  ['postgres', () => createPostgresAttachmentStore(db, 8 * 1024)],
];

describe.each(stores)('the %s attachment store', (name, make) => {
  it('streams a file in and out unchanged, with its size and SHA-256, and removes it', async () => {
    const store = make();
    const bytes = randomBytes(100 * 1024 + 17);
    const saved = await store.save(arriving(bytes));
    expect(saved.sizeBytes).toBe(bytes.length);
    expect(saved.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(saved.storageKey).toMatch(/^[a-f0-9]{2}\/[a-f0-9]{32}$/);
    if (name === 'postgres') {
      const chunks = await db('attachment_chunks').where({ storage_key: saved.storageKey }).orderBy('seq');
      expect(chunks.map((c) => c.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i));
      expect(Math.max(...chunks.map((c) => (c.data as Buffer).length))).toBe(8 * 1024);
    }
    expect((await read(store.open(saved.storageKey))).equals(bytes)).toBe(true);

    const empty = await store.save(Buffer.alloc(0));
    expect(empty.sizeBytes).toBe(0);
    expect(await read(store.open(empty.storageKey))).toEqual(Buffer.alloc(0));

    await store.remove(saved.storageKey);
    await expect(read(store.open(saved.storageKey))).rejects.toThrow();
    expect(() => store.open('../../etc/passwd')).toThrow('invalid storage key');
  });

  it('keeps nothing of an upload that fails half-way', async () => {
    const store = make();
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(20 * 1024);
        throw new Error('client went away');
      })(),
    );
    const before = await db('attachment_chunks').count<{ count: number }[]>('* as count');
    await expect(store.save(failing)).rejects.toThrow('client went away');
    expect(await db('attachment_chunks').count<{ count: number }[]>('* as count')).toEqual(before);
  });
});
