import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { ticketWorkflowId } from '../domain/ticket.js';
import type { Ticket } from '../domain/ticket.js';
import * as attrs from './search-attributes.js';
import { ticketTaskQueue } from './task-queue.js';
import { ticketLifecycle, ticketStateQuery, type TicketLifecycleInput, type TicketWorkflowState } from './ticket-lifecycle.workflow.js';

/** Where Temporal is and which namespace holds the tickets. */
export interface TemporalSettings {
  address: string;
  namespace: string;
}

/** Opens a Temporal client; the connection is lazy-safe to share across requests. */
export async function connectTemporal(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: 5000 });
  return new Client({ connection, namespace: settings.namespace });
}

/** The only door to ticket workflows for the server, the back office and the CLI. */
export interface TicketWorkflows {
  /** Starts the ticket's workflow unless it already runs or ran; safe to call twice. */
  start(ticket: Ticket): Promise<{ workflowId: string; started: boolean }>;
  /** The workflow's live state, or null when the ticket has no workflow. */
  getState(ticketId: number): Promise<TicketWorkflowState | null>;
  /** True when the Temporal frontend answers within a second. */
  isReachable(): Promise<boolean>;
  readonly client: Client;
}

/** Builds the ticket workflow door over a Temporal client. */
export function createTicketWorkflows(client: Client, options: { taskQueue?: string } = {}): TicketWorkflows {
  const taskQueue = options.taskQueue ?? ticketTaskQueue;
  return {
    client,
    async start(ticket) {
      const workflowId = ticketWorkflowId(ticket.id);
      const input: TicketLifecycleInput = {
        ticketId: ticket.id,
        number: ticket.number,
        status: ticket.status,
        priority: ticket.priority,
        teamId: ticket.team?.id ?? null,
        assigneeId: ticket.assignee?.id ?? null,
      };
      try {
        await client.workflow.start(ticketLifecycle, {
          workflowId,
          taskQueue,
          args: [input],
          // A ticket has one workflow for life: a second start (retry, reconciler) never makes another.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { title: ticket.title },
          typedSearchAttributes: [
            { key: attrs.TicketNumber, value: ticket.number },
            { key: attrs.TicketStatus, value: ticket.status },
            { key: attrs.TicketPriority, value: ticket.priority },
            { key: attrs.TeamId, value: ticket.team ? String(ticket.team.id) : '' },
            { key: attrs.AssigneeId, value: ticket.assignee ? String(ticket.assignee.id) : '' },
            { key: attrs.SlaBreached, value: ticket.sla.breached },
            ...(ticket.sla.firstResponseDueAt ? [{ key: attrs.FirstResponseDue, value: new Date(ticket.sla.firstResponseDueAt) }] : []),
            ...(ticket.sla.resolutionDueAt ? [{ key: attrs.ResolutionDue, value: new Date(ticket.sla.resolutionDueAt) }] : []),
          ],
        });
        return { workflowId, started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw error;
      }
    },
    async getState(ticketId) {
      try {
        return await client.workflow.getHandle(ticketWorkflowId(ticketId)).query(ticketStateQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
    async isReachable() {
      try {
        await client.connection.workflowService.getSystemInfo({}, );
        return true;
      } catch {
        return false;
      }
    },
  };
}
