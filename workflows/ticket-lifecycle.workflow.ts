import { condition, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TicketPriority } from '../domain/ticket-priority.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { TicketActivities } from './activities/index.js';

/** What a ticket workflow starts from: the row as committed by the API. */
export interface TicketLifecycleInput {
  ticketId: number;
  number: string;
  status: TicketStatus;
  priority: TicketPriority;
  teamId: number | null;
  assigneeId: number | null;
}

/** The workflow's view of its ticket, answered by `ticketStateQuery`. */
export interface TicketWorkflowState {
  ticketId: number;
  number: string;
  status: TicketStatus;
  priority: TicketPriority;
  teamId: number | null;
  assigneeId: number | null;
}

/** Reads the workflow's live state. */
export const ticketStateQuery = defineQuery<TicketWorkflowState>('ticketState');

const { recordWorkflowStarted } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** One durable workflow per ticket, id `ticket-<id>`: the single writer of its lifecycle fields. */
export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketWorkflowState> {
  const state: TicketWorkflowState = { ...input };
  setHandler(ticketStateQuery, () => state);

  await recordWorkflowStarted({ ticketId: input.ticketId, workflowId: workflowInfo().workflowId });

  await condition(() => state.status === 'closed');
  return state;
}
