/**
 * A `Content-Disposition` header for a file name someone else chose (an upload, an e-mail
 * attachment): the quoted ASCII fallback keeps printable characters other than `"` and `\` (which
 * would end or escape the quoted string), and `filename*` (RFC 5987) carries the exact name.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'file';
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
