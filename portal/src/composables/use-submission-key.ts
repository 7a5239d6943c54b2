/** A fresh Idempotency-Key: 128 random bits in hex (getRandomValues works where randomUUID does not: plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Idempotency-Key per submission of a form: the same content sent again (a double click, a
 * retry after a lost answer or a network error) reuses its key, so the server answers the first
 * response instead of creating a second ticket or reply; changed content, or a submission after a
 * success, gets a new key.
 */
export function useSubmissionKey() {
  let last: { content: string; key: string } | null = null;
  return {
    /** The key for submitting `content`. */
    keyFor(content: unknown): string {
      const serialized = JSON.stringify(content);
      if (last?.content !== serialized) last = { content: serialized, key: newIdempotencyKey() };
      return last.key;
    },
    /** The submission succeeded: the next one is a new request, even with the same content. */
    done(): void {
      last = null;
    },
  };
}
