import type { TicketPriority } from './ticket-priority.js';
import type { TicketStatus } from './ticket-status.js';

/** The ticket fields only its workflow writes (dates as ISO strings); a change sets some of them. */
export type TicketLifecycleFields = Partial<{
  status: TicketStatus;
  priority: TicketPriority;
  teamId: number | null;
  assigneeId: number | null;
  slaPolicyId: number | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  slaBreached: boolean;
}>;
