/** The ETag of a ticket version, which `If-Match` sends back to guard a change. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Reads the version from an `If-Match` header (`"3"` or `W/"3"`); undefined when absent or unreadable. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  const match = header ? /^(?:W\/)?"(\d{1,10})"$/.exec(header.trim()) : null;
  return match ? Number(match[1]) : undefined;
}
