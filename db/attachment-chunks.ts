import type { Knex } from 'knex';

/** Stores one chunk of an attachment's bytes (ATTACHMENT_STORE=postgres). */
export async function insertAttachmentChunk(db: Knex, storageKey: string, seq: number, data: Buffer): Promise<void> {
  await db('attachment_chunks').insert({ storage_key: storageKey, seq, data });
}

/** One chunk of an attachment's bytes, or null past its end. */
export async function findAttachmentChunk(db: Knex, storageKey: string, seq: number): Promise<Buffer | null> {
  const row = await db('attachment_chunks').where({ storage_key: storageKey, seq }).first('data');
  return (row?.data as Buffer | undefined) ?? null;
}

/** Deletes every chunk of an attachment's bytes. */
export async function deleteAttachmentChunks(db: Knex, storageKey: string): Promise<void> {
  await db('attachment_chunks').where({ storage_key: storageKey }).delete();
}
