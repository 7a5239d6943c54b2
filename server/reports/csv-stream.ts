import { once } from 'node:events';
import type { Response } from 'express';

// Cells that spreadsheets would run as formulas (=, +, -, @, tab, CR) get a leading apostrophe, so a
// ticket comment like "=HYPERLINK(…)" stays text when a manager opens the export (OWASP CSV injection).
const formulaStart = /^[=+\-@\t\r]/;

/** One CSV field (RFC 4180): strings quoted when needed, quotes doubled; null and undefined empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams batches of rows as CSV, writing in chunks and waiting whenever the client reads slower than the
 * database answers, so memory stays flat whatever the row count. Stops reading rows (which closes the
 * database cursor) when the client goes away; an error after the first bytes cuts the response short.
 */
export async function sendCsv(res: Response, filename: string, batches: AsyncIterable<unknown[][]>): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  let gone = false;
  res.once('close', () => (gone = !res.writableFinished));
  // A byte-order mark tells spreadsheet programs the file is UTF-8.
  let chunk = '\uFEFF';
  try {
    for await (const rows of batches) {
      if (gone) break;
      for (const row of rows) chunk += `${row.map(csvField).join(',')}\r\n`;
      if (chunk.length >= 64 * 1024) {
        if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        chunk = '';
      }
    }
  } catch (error) {
    if (!res.headersSent) throw error;
    res.destroy(error as Error);
    return;
  }
  if (!gone) res.end(chunk);
}
