import { formatBytes } from '../format/date-format.js';

/**
 * What the server accepts (DESIGN.md: size limit, sniffed type). Checked here before upload so
 * people learn at once; the server still checks, and its 413/415 are shown the same way.
 */
export const maxAttachmentBytes = 10 * 1024 * 1024;

const allowedTypes: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  // The server's list (server/attachments/file-types.ts): Markdown notes are plain text too.
  'text/plain': ['txt', 'log', 'md'],
  'text/csv': ['csv'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
};

const allowedExtensions = new Set(Object.values(allowedTypes).flat());

/** The file picker's `accept` list. */
export const attachmentAccept = [...Object.keys(allowedTypes), ...[...allowedExtensions].map((e) => `.${e}`)].join(',');

/** The allowed types and size, in words. */
export const attachmentRules = `Up to ${formatBytes(maxAttachmentBytes)} each: images (PNG, JPEG, GIF, WebP), PDF, text, CSV, ZIP, Word (.docx) and Excel (.xlsx).`;

/** Why a file cannot be attached, or null when it can. */
export function checkAttachment(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  if (file.size > maxAttachmentBytes) return `${file.name} is too large (${formatBytes(file.size)}); files can be at most ${formatBytes(maxAttachmentBytes)}.`;
  if (file.size === 0) return `${file.name} is empty.`;
  const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  // Browsers report types inconsistently (CSV as a spreadsheet on Windows, often none at all),
  // so the extension decides; the reported type only speaks for a file without one.
  const typeOk = allowedExtensions.has(extension) || (extension === '' && file.type in allowedTypes);
  return typeOk ? null : `${file.name}: this type of file is not allowed. ${attachmentRules}`;
}
