import type { Db } from '../../db/connection.js';
import { findTicketMessage } from '../../db/messages.js';
import { noteExcerpt } from '../../domain/mentions.js';

/** What the "mentioned" notice tells besides the ticket: who wrote the note, how it opens, where it is. */
export interface MentionNote {
  mentionedBy: string;
  excerpt: string;
  /** The note's anchor on the back office's ticket page. */
  anchor: string;
}

/** The back-office anchor of a message on its ticket's page (`admin/components/ticket-overview.tsx`). */
export const messageAnchor = (messageId: number) => `#message-${messageId}`;

/**
 * Reads the note a mention notice is about, as it is stored (the workflow's history carries its id,
 * not its text). Null when the message is not that ticket's.
 */
export async function loadMentionNote(db: Db, ticketId: number, messageId: number): Promise<MentionNote | null> {
  const note = await findTicketMessage(db, ticketId, messageId);
  if (!note) return null;
  return {
    mentionedBy: note.author?.name || 'A colleague',
    excerpt: noteExcerpt(note.body),
    anchor: messageAnchor(note.id),
  };
}
