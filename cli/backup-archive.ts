import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create as createTar, extract as extractTar } from 'tar';
import type { SnapshotContents } from '../db/database-snapshot.js';

/** The backup file's table of contents (`manifest.json` inside the archive). */
export interface BackupManifest extends SnapshotContents {
  format: 'ticketflow-backup';
  version: 1;
  createdAt: string;
  /** Where attachments lived when the backup was taken; postgres ones travel inside the tables. */
  attachmentStore: 'filesystem' | 'postgres';
  /** Attachment files copied into the archive (filesystem store), by storage key. */
  attachmentFiles: string[];
  /** Attachments whose rows exist but whose files were missing on disk when the backup ran. */
  missingAttachmentFiles: string[];
}

/** Inside the archive: where a table's COPY data and an attachment's bytes go. */
export const archivePaths = {
  manifest: 'manifest.json',
  table: (name: string) => path.join('tables', `${name}.copy`),
  attachment: (storageKey: string) => path.join('attachments', storageKey),
};

/** A scratch directory laid out as the archive; removed by `dispose`. */
export async function scratchDirectory(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-backup-'));
  await mkdir(path.join(dir, 'tables'));
  await mkdir(path.join(dir, 'attachments'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Where a table's data is written in the scratch directory. */
export const tableSink = (dir: string) => (table: string) =>
  createWriteStream(path.join(dir, archivePaths.table(table)));

/** Where a table's data is read from in the scratch directory. */
export const tableSource = (dir: string) => (table: string) =>
  createReadStream(path.join(dir, archivePaths.table(table)));

/** Writes the manifest and packs the scratch directory into `file` (gzip'd tar), atomically. */
export async function packArchive(dir: string, manifest: BackupManifest, file: string): Promise<void> {
  await writeFile(path.join(dir, archivePaths.manifest), JSON.stringify(manifest, null, 2));
  const partial = `${file}.partial`;
  await createTar({ gzip: true, file: partial, cwd: dir, portable: true }, ['manifest.json', 'tables', 'attachments']);
  await rename(partial, file);
}

/** Unpacks `file` into the scratch directory and reads its manifest, refusing what is not a TicketFlow backup. */
export async function unpackArchive(file: string, dir: string): Promise<BackupManifest> {
  try {
    await extractTar({ file, cwd: dir, strict: true });
  } catch (error) {
    throw new Error(`${file} is not a readable TicketFlow backup (${(error as Error).message})`);
  }
  const manifest = JSON.parse(
    await readFile(path.join(dir, archivePaths.manifest), 'utf8').catch(() => '{}'),
  ) as Partial<BackupManifest>;
  if (manifest.format !== 'ticketflow-backup') throw new Error(`${file} is not a TicketFlow backup (no manifest).`);
  if (manifest.version !== 1)
    throw new Error(`${file} is a backup of format version ${manifest.version}; this TicketFlow reads version 1.`);
  return manifest as BackupManifest;
}
