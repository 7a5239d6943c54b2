import path from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { createAttachmentStore, type AttachmentStore } from './attachment-store.js';
import { createPostgresAttachmentStore } from './postgres-attachment-store.js';

/** The attachment store ATTACHMENT_STORE names: DATA_DIR/attachments, or PostgreSQL through `db`. */
export function attachmentStoreFor(config: Pick<Config, 'ATTACHMENT_STORE' | 'DATA_DIR'>, db: Db): AttachmentStore {
  return config.ATTACHMENT_STORE === 'postgres'
    ? createPostgresAttachmentStore(db)
    : createAttachmentStore(path.resolve(config.DATA_DIR, 'attachments'));
}
