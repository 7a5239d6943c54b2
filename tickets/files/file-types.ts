import { fileTypeFromBuffer } from 'file-type';
import { attachmentKindsText, checkStoredType, extensionOf } from '../../domain/attachment-rules.js';

function looksLikeText(bytes: Buffer, complete: boolean): boolean {
  if (bytes.includes(0)) return false;
  try {
    // Judging only the head of a longer file: a character cut at its end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides the type from the bytes (the whole file, or its head when `complete` is false), never from
 * the name or the client's Content-Type; refuses types outside the domain's list and names whose
 * extension claims a different type than the bytes.
 */
export async function sniffAllowedType(
  bytes: Buffer,
  filename: string,
  options: { complete: boolean } = { complete: true },
): Promise<{ ok: true; contentType: string } | { ok: false; reason: string }> {
  const detected = await fileTypeFromBuffer(bytes);
  let contentType: string;
  if (detected) contentType = detected.mime;
  else if (looksLikeText(bytes, options.complete))
    contentType = extensionOf(filename) === 'csv' ? 'text/csv' : 'text/plain';
  else return { ok: false, reason: `${filename} is not a file type TicketFlow accepts (${attachmentKindsText}).` };
  const verdict = checkStoredType(contentType, filename);
  return verdict.ok ? { ok: true, contentType } : verdict;
}
