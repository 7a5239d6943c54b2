import {
  attachmentTypes,
  defaultAttachmentMaxBytes,
  extensionOf,
  isAcceptedType,
  typeClaimedBy,
} from '../../../domain/attachment-rules.js';
import { formatBytes } from '../format/date-format.js';

/**
 * What the server accepts (the domain's attachment rules). Checked here before upload so people
 * learn at once; the server still checks, and its 413/415 are shown the same way.
 */
export const maxAttachmentBytes = defaultAttachmentMaxBytes;

/** The file picker's `accept` list. */
export const attachmentAccept = [
  ...Object.keys(attachmentTypes),
  ...Object.values(attachmentTypes)
    .flat()
    .map((e) => `.${e}`),
].join(',');

/** The allowed types and size, in words. */
export const attachmentRules = `Up to ${formatBytes(maxAttachmentBytes)} each: images (PNG, JPEG, GIF, WebP), PDF, text, CSV, ZIP, Word (.docx) and Excel (.xlsx).`;

/** Why a file cannot be attached, or null when it can. */
export function checkAttachment(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  if (file.size > maxAttachmentBytes)
    return `${file.name} is too large (${formatBytes(file.size)}); files can be at most ${formatBytes(maxAttachmentBytes)}.`;
  if (file.size === 0) return `${file.name} is empty.`;
  const extension = extensionOf(file.name);
  // Browsers report types inconsistently (CSV as a spreadsheet on Windows, often none at all),
  // so the extension decides; the reported type only speaks for a file without one.
  const typeOk = extension ? typeClaimedBy(extension) !== undefined : isAcceptedType(file.type);
  return typeOk ? null : `${file.name}: this type of file is not allowed. ${attachmentRules}`;
}
