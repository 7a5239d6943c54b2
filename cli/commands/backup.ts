import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { writeDatabaseSnapshot } from '../../db/database-snapshot.js';
import { attachmentStoreFor } from '../../tickets/files/attachment-store-for.js';
import { archivePaths, packArchive, scratchDirectory, tableSink, type BackupManifest } from '../backup-archive.js';
import { CliUsageError, type CliOutput } from '../output.js';

const usage = 'backup --to FILE   (e.g. --to ticketflow-2026-11-30.tar.gz)';

/**
 * `backup --to FILE`: one consistent snapshot of every table (sessions and other transient tables
 * aside) plus the attachment files it references, in one gzip'd tar. Files are write-once under
 * random keys, so copying those the snapshot names after it was taken keeps the two consistent.
 */
export async function backup(db: Db, config: Config, args: { to?: string }, out: CliOutput): Promise<void> {
  if (!args.to) throw new CliUsageError(`--to is required: the file to write\nusage: npm run tf -- ${usage}`);
  const file = path.resolve(args.to);
  const scratch = await scratchDirectory();
  try {
    out.info('taking a snapshot of the database');
    const contents = await writeDatabaseSnapshot(db, tableSink(scratch.dir));
    const attachmentFiles: string[] = [];
    const missingAttachmentFiles: string[] = [];
    if (config.ATTACHMENT_STORE === 'filesystem') {
      const store = attachmentStoreFor(config, db);
      for (const key of contents.storageKeys) {
        const target = path.join(scratch.dir, archivePaths.attachment(key));
        await mkdir(path.dirname(target), { recursive: true });
        try {
          await pipeline(store.open(key), createWriteStream(target));
          attachmentFiles.push(key);
        } catch {
          missingAttachmentFiles.push(key);
        }
      }
    }
    const manifest: BackupManifest = {
      format: 'ticketflow-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      attachmentStore: config.ATTACHMENT_STORE,
      attachmentFiles,
      missingAttachmentFiles,
      ...contents,
    };
    await packArchive(scratch.dir, manifest, file);
    const rows = contents.tables.reduce((sum, t) => sum + t.rows, 0);
    if (missingAttachmentFiles.length > 0)
      out.info(
        `warning: ${missingAttachmentFiles.length} attachment file(s) were missing from ${path.resolve(config.DATA_DIR, 'attachments')} and are not in the backup: ${missingAttachmentFiles.slice(0, 5).join(', ')}`,
      );
    out.info(
      `backed up ${contents.tables.length} tables (${rows} rows) at migration ${contents.migrations.at(-1)} and ${attachmentFiles.length} attachment file(s)`,
    );
    out.result(file);
  } finally {
    await scratch.dispose();
  }
}
