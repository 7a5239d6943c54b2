import type { KbDeflectionEventInput } from '../../../domain/kb-schemas.js';
import { recordDeflectionEvent } from '../api/kb-api.js';

/** A random v4 UUID; `crypto.randomUUID` exists only on https pages, `getRandomValues` everywhere. */
function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One visit of a new-ticket form as a deflection session: which suggested articles were shown,
 * opened, or solved the problem. Recording is best effort and never holds up the form.
 */
export function useDeflection(channel: KbDeflectionEventInput['channel']) {
  const sessionId = newSessionId();
  const shown = new Set<number>();

  function record(type: KbDeflectionEventInput['type'], articleIds: number[], query?: string) {
    if (articleIds.length === 0) return;
    recordDeflectionEvent({
      sessionId,
      type,
      articleIds,
      channel,
      ...(query ? { query: query.slice(0, 200) } : {}),
    }).catch(() => undefined);
  }

  return {
    /** Records the articles not shown before in this visit. */
    shown(articleIds: number[], query: string) {
      const fresh = articleIds.filter((id) => !shown.has(id));
      fresh.forEach((id) => shown.add(id));
      record('shown', fresh, query);
    },
    opened: (articleId: number) => record('opened', [articleId]),
    solved: (articleId: number) => record('solved', [articleId]),
  };
}
