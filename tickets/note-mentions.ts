import type { Db } from '../db/connection.js';
import { listMentionableStaff, listStaffHandles } from '../db/users.js';
import { findMentionSpans, mentionedHandles, type MentionSpan } from '../domain/mentions.js';

/**
 * Which handles name exactly one active staff member. A handle two staff share (addresses at
 * different domains) names no one: it stays plain text rather than notify the wrong person.
 */
async function staffByHandle(db: Db, handles: readonly string[]): Promise<Map<string, number>> {
  const named = new Map<string, number[]>();
  for (const person of await listMentionableStaff(db, handles))
    named.set(person.handle, [...(named.get(person.handle) ?? []), person.id]);
  return new Map([...named].filter(([, ids]) => ids.length === 1).map(([handle, ids]) => [handle, ids[0]!]));
}

/**
 * The staff an internal note mentions (`@` + the part of their e-mail before the `@`), resolved when
 * the note is stored so the workflow needs no lookup. Only active staff can be mentioned; an unknown
 * handle or a customer's stays plain text, and the author mentioning themselves notifies no one.
 */
export async function resolveMentionedStaff(db: Db, body: string, authorId: number | null): Promise<number[]> {
  const handles = mentionedHandles(body);
  if (handles.length === 0) return [];
  const staff = await staffByHandle(db, handles);
  const ids = handles.map((handle) => staff.get(handle)).filter((id): id is number => id !== undefined);
  return [...new Set(ids)].filter((id) => id !== authorId);
}

/** For the ticket page: where each internal note mentions a staff member, to highlight (one query for all notes). */
export async function findNoteMentionSpans(
  db: Db,
  notes: readonly { id: number; body: string; internal: boolean }[],
): Promise<Map<number, MentionSpan[]>> {
  const spans = new Map(notes.filter((n) => n.internal).map((n) => [n.id, findMentionSpans(n.body)] as const));
  const handles = [...new Set([...spans.values()].flat().map((span) => span.handle))];
  if (handles.length === 0) return new Map();
  const staff = await staffByHandle(db, handles);
  return new Map(
    [...spans]
      .map(([id, found]) => [id, found.filter((span) => staff.has(span.handle))] as const)
      .filter(([, found]) => found.length > 0),
  );
}

/**
 * Whom a note may mention, for the note form's suggestions: active staff by name with their handle.
 * A handle two of them share names no one (see staffByHandle), so it is not offered.
 */
export async function listMentionCandidates(db: Db): Promise<{ handle: string; name: string }[]> {
  const staff = await listStaffHandles(db);
  const seen = new Map<string, number>();
  for (const person of staff) seen.set(person.handle, (seen.get(person.handle) ?? 0) + 1);
  return staff.filter((person) => seen.get(person.handle) === 1).map(({ handle, name }) => ({ handle, name }));
}
