import { fileTypeFromBuffer } from 'file-type';

/** Types TicketFlow accepts, keyed by MIME type, with the extensions that claim them. */
const allowed: Record<string, string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/plain': ['txt', 'log', 'md'],
  'text/csv': ['csv'],
};

/** The file kinds, for error messages. */
export const allowedKindsText = 'PNG, JPEG, GIF or WebP images, PDF, ZIP, Word (.docx), Excel (.xlsx), plain text or CSV';

const extensionOf = (filename: string) => filename.toLowerCase().match(/\.([a-z0-9]{1,8})$/)?.[1] ?? null;

function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides the type from the bytes, never from the name or the client's Content-Type; refuses
 * types outside the allowlist and names whose extension claims a different type than the bytes.
 */
export async function sniffAllowedType(bytes: Buffer, filename: string): Promise<{ ok: true; contentType: string } | { ok: false; reason: string }> {
  const detected = await fileTypeFromBuffer(bytes);
  const extension = extensionOf(filename);
  let contentType: string;
  if (detected) contentType = detected.mime;
  else if (looksLikeText(bytes)) contentType = extension === 'csv' ? 'text/csv' : 'text/plain';
  else return { ok: false, reason: `${filename} is not a file type TicketFlow accepts (${allowedKindsText}).` };

  const extensions = allowed[contentType];
  if (!extensions) return { ok: false, reason: `${filename} is ${contentType}, which TicketFlow does not accept (${allowedKindsText}).` };
  const claimed = extension ? Object.entries(allowed).find(([, exts]) => exts.includes(extension))?.[0] : undefined;
  if (extension && claimed !== contentType && !(contentType.startsWith('text/') && !claimed)) {
    return { ok: false, reason: `${filename} says .${extension} but its content is ${contentType}; rename it or upload the right file.` };
  }
  return { ok: true, contentType };
}
