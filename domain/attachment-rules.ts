// What may be attached to a ticket: one list for the server (which sniffs the bytes) and the portal
// (which checks before uploading, so people learn at once).

/** File types TicketFlow accepts, keyed by MIME type, with the extensions that claim them (Markdown is plain text). */
export const attachmentTypes: Readonly<Record<string, readonly string[]>> = {
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

/** The accepted kinds in words, for error messages and hints. */
export const attachmentKindsText =
  'PNG, JPEG, GIF or WebP images, PDF, ZIP, Word (.docx), Excel (.xlsx), plain text or CSV';

/** The largest upload unless the installation sets ATTACHMENT_MAX_BYTES. */
export const defaultAttachmentMaxBytes = 10 * 1024 * 1024;

/** The name a file is kept and served under: control characters, path separators and quotes replaced (they must never reach a header or a log), at most 200 characters. */
export function safeFilename(name: string): string {
  return (
    name
      .replace(/[\u0000-\u001f\u007f"\\/]/g, '_')
      .trim()
      .slice(-200) || 'file'
  );
}

/** A file name's extension in lower case (`report.PDF` → `pdf`), or null when it has none. */
export function extensionOf(filename: string): string | null {
  return /\.([a-z0-9]{1,8})$/.exec(filename.toLowerCase())?.[1] ?? null;
}

/** The MIME type an extension claims, or undefined when TicketFlow does not accept it. */
export function typeClaimedBy(extension: string): string | undefined {
  return Object.entries(attachmentTypes).find(([, extensions]) => extensions.includes(extension))?.[0];
}

/** True when TicketFlow stores files of this MIME type. */
export function isAcceptedType(contentType: string): boolean {
  return contentType in attachmentTypes;
}

/**
 * Whether content of `contentType` (decided from the bytes) may be stored as `filename`: refused
 * when the type is not accepted, or when the name's extension claims a different accepted type
 * (a text file may carry any extension that claims no other type).
 */
export function checkStoredType(contentType: string, filename: string): { ok: true } | { ok: false; reason: string } {
  if (!isAcceptedType(contentType))
    return {
      ok: false,
      reason: `${filename} is ${contentType}, which TicketFlow does not accept (${attachmentKindsText}).`,
    };
  const extension = extensionOf(filename);
  const claimed = extension ? typeClaimedBy(extension) : undefined;
  if (extension && claimed !== contentType && !(contentType.startsWith('text/') && !claimed))
    return {
      ok: false,
      reason: `${filename} says .${extension} but its content is ${contentType}; rename it or upload the right file.`,
    };
  return { ok: true };
}
