import { listMessages } from '../db/messages.js';
import { listTicketEventEntries } from '../db/ticket-events.js';
import type { MentionSpan } from '../domain/mentions.js';
import type { TicketEventEntry, TicketMessage } from '../domain/ticket.js';
import type { SlaSnapshot } from '../workflows/client.js';
import type { TicketDeps } from './ticket-deps.js';
import { findNoteMentionSpans } from './note-mentions.js';
import { throughWorkflow } from './through-workflow.js';

/** What the back office's ticket page shows beside the row: the whole conversation, the audit trail, the live SLA. */
export interface StaffOverview {
  /** The conversation; an internal note's `mentions` say where it names a staff member (to highlight). */
  messages: (TicketMessage & { mentions?: MentionSpan[] })[];
  events: TicketEventEntry[];
  /** The workflow's SLA snapshot (null without a running workflow), or why it could not be read. */
  sla: { snapshot: SlaSnapshot | null; error: string | null };
}

/** The staff view of a ticket (internal notes included); the SLA part degrades to a message when Temporal does not answer. */
export async function getStaffOverview(deps: TicketDeps, ticketId: number): Promise<StaffOverview> {
  const [messages, events, sla] = await Promise.all([
    listMessages(deps.db, ticketId, { includeInternal: true }),
    listTicketEventEntries(deps.db, ticketId),
    throughWorkflow(deps.db, ticketId, () => deps.workflows.getSla(ticketId)),
  ]);
  const mentions = await findNoteMentionSpans(deps.db, messages);
  return {
    messages: messages.map((m) => (mentions.has(m.id) ? { ...m, mentions: mentions.get(m.id)! } : m)),
    events,
    sla:
      sla.kind === 'ok'
        ? { snapshot: sla.value, error: null }
        : { snapshot: null, error: 'The workflow engine did not answer; the SLA state is unknown right now.' },
  };
}
