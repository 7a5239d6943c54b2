import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { listNonEmptyTables, loadDatabaseSnapshot } from '../../db/database-snapshot.js';
import { appliedMigrations, knownMigrations, migrateToLatest, migrateUpTo } from '../../db/migrator.js';
import { attachmentStoreFor } from '../../tickets/files/attachment-store-for.js';
import { createPostgresAttachmentStore } from '../../tickets/files/postgres-attachment-store.js';
import { archivePaths, scratchDirectory, tableSource, unpackArchive } from '../backup-archive.js';
import { CliUsageError, type CliOutput } from '../output.js';

const usage = 'restore --from FILE   (into a database without data; then `tf reconcile` against Temporal)';

/**
 * `restore --from FILE`: into a database without data only (never over live data; its schema may
 * already be built): the schema as of the backup, the data in one transaction, the attachments into
 * ATTACHMENT_STORE, then this version's later migrations. Workflows are not part of it: `tf
 * reconcile` starts one per open ticket.
 */
export async function restore(db: Db, config: Config, args: { from?: string }, out: CliOutput): Promise<void> {
  if (!args.from) throw new CliUsageError(`--from is required: the backup file\nusage: npm run tf -- ${usage}`);
  const file = path.resolve(args.from);
  if (!existsSync(file)) throw new CliUsageError(`--from: ${file} does not exist`);
  const nonEmpty = await listNonEmptyTables(db);
  if (nonEmpty.length > 0)
    throw new CliUsageError(
      `refusing to restore into a database that holds data (rows in ${nonEmpty.slice(0, 6).join(', ')}${nonEmpty.length > 6 ? ', …' : ''}). ` +
        'Restore into an empty database: create one (e.g. `createdb ticketflow_restored`) and point DATABASE_URL at it.',
    );

  const scratch = await scratchDirectory();
  try {
    const manifest = await unpackArchive(file, scratch.dir).catch((error: Error) => {
      throw new CliUsageError(`--from: ${error.message}`);
    });
    const known = await knownMigrations();
    const unknown = manifest.migrations.filter((m) => !known.includes(m));
    if (unknown.length > 0)
      throw new CliUsageError(
        `this backup comes from a newer TicketFlow (its schema has migrations this version lacks: ${unknown.join(', ')}); restore it with that version or a later one.`,
      );
    // A database whose schema was just built (`tf migrate`, `npm start`) takes a backup of the same
    // version or a newer one; one built past the backup's schema does not: the later migrations must
    // run over the backup's rows, not before they are there.
    const ahead = (await appliedMigrations(db)).filter((m) => !manifest.migrations.includes(m));
    if (ahead.length > 0)
      throw new CliUsageError(
        `this database's schema is newer than the backup's (it has migrations the backup lacks: ${ahead.slice(0, 3).join(', ')}${ahead.length > 3 ? ', …' : ''}). ` +
          'Restore into an empty database (e.g. `createdb ticketflow_restored`): the backup’s schema is built first, then the later migrations run over its data.',
      );
    const last = manifest.migrations.at(-1);
    if (last) await migrateUpTo(db, last);
    out.info(`loading ${manifest.tables.length} tables taken ${manifest.createdAt}`);
    await loadDatabaseSnapshot(db, manifest, tableSource(scratch.dir));

    // Attachments go into the store this installation uses, under their original keys.
    const target = attachmentStoreFor(config, db);
    let restored = 0;
    const put = async (key: string, open: () => Readable) => {
      try {
        await target.save(open(), { storageKey: key });
        restored++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    };
    for (const key of manifest.attachmentFiles)
      await put(key, () => createReadStream(path.join(scratch.dir, archivePaths.attachment(key))));
    if (manifest.attachmentStore === 'postgres' && config.ATTACHMENT_STORE === 'filesystem') {
      const chunks = createPostgresAttachmentStore(db);
      for (const key of manifest.storageKeys) await put(key, () => chunks.open(key));
    }
    const later = await migrateToLatest(db);
    out.info(
      `restored ${manifest.tables.reduce((sum, t) => sum + t.rows, 0)} rows and ${restored} attachment file(s)` +
        (later.length ? `; applied ${later.length} newer migration(s)` : ''),
    );
    if (manifest.missingAttachmentFiles.length > 0)
      out.info(
        `warning: ${manifest.missingAttachmentFiles.length} attachment file(s) were already missing when the backup was taken`,
      );
    out.result('restored; now run `npm run tf -- reconcile` so every open ticket gets its workflow');
  } finally {
    await scratch.dispose();
  }
}
