import type { Knex } from 'knex';

/** An article image as stored: the bytes are in the attachment store under `storageKey`. */
export interface KbImageRow {
  id: number;
  articleId: number;
  filename: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
}

/** Records an image uploaded for an article. */
export async function insertKbImage(
  db: Knex,
  image: Omit<KbImageRow, 'id'> & { uploaderId: number; sha256: string },
): Promise<KbImageRow> {
  const [row] = await db('kb_images')
    .insert({
      article_id: image.articleId,
      uploader_id: image.uploaderId,
      filename: image.filename,
      storage_key: image.storageKey,
      content_type: image.contentType,
      size_bytes: image.sizeBytes,
      sha256: image.sha256,
    })
    .returning('id');
  return { id: row.id, ...image };
}

/** An article image by id. */
export async function findKbImage(db: Knex, id: number): Promise<KbImageRow | null> {
  const r = await db('kb_images').where({ id }).first();
  if (!r) return null;
  return {
    id: r.id,
    articleId: r.article_id,
    filename: r.filename,
    storageKey: r.storage_key,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
  };
}

/** True when the article exists (drafts included: staff add images before publishing). */
export async function kbArticleExists(db: Knex, id: number): Promise<boolean> {
  return Boolean(await db('kb_articles').where({ id }).first('id'));
}
