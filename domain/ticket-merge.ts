import type { TicketStatus } from './ticket-status.js';

/** What the merge rules need to know of each ticket. */
export interface MergeFacts {
  id: number;
  number: string;
  status: TicketStatus;
  organizationId: number | null;
  mergedIntoTicketId: number | null;
}

/** Why a merge is refused: `forbidden` for the organization rule, `invalid_input` for the rest. */
export interface MergeRefusal {
  reason: 'forbidden' | 'invalid_input' | 'closed';
  message: string;
}

/**
 * Whether `duplicate` may be merged into `target`. Never circular: not into itself, not into a ticket
 * that was itself merged (which covers one merged from the duplicate), and not a duplicate merged
 * already. A closed ticket takes nothing (its workflow has ended). Across organizations only an admin
 * may merge: the customers of one would see the other's conversation.
 */
export function mergeRefusal(duplicate: MergeFacts, target: MergeFacts, byAdmin: boolean): MergeRefusal | null {
  if (duplicate.id === target.id) return { reason: 'invalid_input', message: 'A ticket cannot be merged into itself.' };
  if (duplicate.mergedIntoTicketId !== null)
    return { reason: 'invalid_input', message: `${duplicate.number} was already merged into another ticket.` };
  if (target.mergedIntoTicketId === duplicate.id)
    return {
      reason: 'invalid_input',
      message: `${target.number} was merged into ${duplicate.number}; merging back would be circular.`,
    };
  if (target.mergedIntoTicketId !== null)
    return {
      reason: 'invalid_input',
      message: `${target.number} was itself merged into another ticket; merge into that ticket instead.`,
    };
  if (target.status === 'closed')
    return { reason: 'closed', message: `${target.number} is closed; a closed ticket cannot take a merge.` };
  if (duplicate.status === 'closed')
    return { reason: 'closed', message: `${duplicate.number} is closed; a closed ticket cannot be merged.` };
  if (duplicate.organizationId !== target.organizationId && !byAdmin)
    return {
      reason: 'forbidden',
      message: `${duplicate.number} and ${target.number} belong to different organizations; only an admin may merge them.`,
    };
  return null;
}
