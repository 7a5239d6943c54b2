import {
  Client,
  Connection,
  ServiceError,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TicketLifecycleRow } from '../db/tickets.js';
import { ticketWorkflowId } from '../domain/ticket.js';
import type { Actor } from '../domain/ticket-event-types.js';
import {
  changeFailure,
  changeTicketUpdate,
  messageAddedSignal,
  reassignSignal,
  slaConfigChangedSignal,
  slaStateQuery,
  ticketStateQuery,
  type MessageAdded,
  type SlaSnapshot,
  type TicketChangeRequest,
  type TicketLifecycleInput,
  type TicketWorkflowState,
} from './lifecycle/definitions.js';
import * as attrs from './search-attributes.js';
import { ticketTaskQueue } from './task-queue.js';
import type { ticketLifecycle } from './ticket-lifecycle.workflow.js';

export type { MessageAdded, SlaSnapshot, TicketChangeRequest, TicketWorkflowState };

/** Where Temporal is and which namespace holds the tickets. */
export interface TemporalSettings {
  address: string;
  namespace: string;
}

/** Opens a Temporal client. */
export async function connectTemporal(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: 5000 });
  return new Client({ connection, namespace: settings.namespace });
}

/** Why the workflow refused a change; the API maps each reason to 409. */
export class TicketChangeRefused extends Error {
  override name = 'TicketChangeRefused';
  constructor(
    readonly reason: 'invalid_transition' | 'stale_version' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

/** The ticket has no running workflow (closed, or not started yet). */
export class TicketWorkflowUnavailable extends Error {
  override name = 'TicketWorkflowUnavailable';
}

/** True when an error means Temporal could not be reached (the API answers 503, not 500). */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof ServiceError) return true;
  // gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4): the frontend is down or too slow.
  return isGrpcServiceError(error) && (error.code === 14 || error.code === 4);
}

const reasons: Record<string, TicketChangeRefused['reason']> = {
  [changeFailure.invalidTransition]: 'invalid_transition',
  [changeFailure.staleVersion]: 'stale_version',
  [changeFailure.closed]: 'closed',
};

function translate(error: unknown, ticketId: number): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const reason = reasons[error.cause.type ?? ''];
    if (reason) throw new TicketChangeRefused(reason, error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new TicketWorkflowUnavailable(`Ticket ${ticketId} has no running workflow (it is closed, or its workflow has not started yet).`);
  }
  throw error;
}

/** The only door to ticket workflows for the server, the back office and the CLI. */
export interface TicketWorkflows {
  /** Starts the ticket's workflow unless it already runs or ran; safe to call twice. */
  start(ticket: TicketLifecycleRow): Promise<{ workflowId: string; started: boolean }>;
  /** Changes lifecycle fields through the workflow's validated update; returns the new state. */
  change(ticketId: number, request: TicketChangeRequest): Promise<TicketWorkflowState>;
  /** Tells the workflow about a committed reply or note. */
  messageAdded(ticketId: number, message: MessageAdded): Promise<void>;
  /** Tells running tickets that their SLA policy or calendar changed. */
  slaConfigChanged(ticketIds: readonly number[]): Promise<void>;
  /** Asks the workflow to give the ticket to someone other than `excludeUserId`. */
  reassign(ticketId: number, excludeUserId: number, actor: Actor): Promise<void>;
  /** The workflow's live state, or null when the ticket has no workflow. */
  getState(ticketId: number): Promise<TicketWorkflowState | null>;
  /** The live SLA state, or null when the ticket has no workflow. */
  getSla(ticketId: number): Promise<SlaSnapshot | null>;
  /** True when the Temporal frontend answers. */
  isReachable(): Promise<boolean>;
  readonly client: Client;
}

/** Builds the ticket workflow door over a Temporal client. */
export function createTicketWorkflows(client: Client, options: { taskQueue?: string } = {}): TicketWorkflows {
  const taskQueue = options.taskQueue ?? ticketTaskQueue;
  const handle = (ticketId: number) => client.workflow.getHandle<typeof ticketLifecycle>(ticketWorkflowId(ticketId));

  async function query<T>(ticketId: number, run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  return {
    client,
    async start(ticket) {
      const workflowId = ticketWorkflowId(ticket.id);
      const input: TicketLifecycleInput = {
        ticketId: ticket.id,
        number: ticket.number,
        status: ticket.status,
        priority: ticket.priority,
        teamId: ticket.teamId,
        assigneeId: ticket.assigneeId,
        organizationId: ticket.organizationId,
        category: ticket.category,
        requesterId: ticket.requesterId,
        version: ticket.version,
        createdAt: ticket.createdAt,
        firstRespondedAt: ticket.firstRespondedAt,
        resolvedAt: ticket.resolvedAt,
      };
      try {
        // Bounded: when Temporal is down the ticket is committed already and the reconciler
        // starts its workflow later, so the request must not hang on retries.
        await client.withDeadline(Date.now() + 5000, () => client.workflow.start<typeof ticketLifecycle>('ticketLifecycle', {
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
            { key: attrs.TeamId, value: ticket.teamId === null ? '' : String(ticket.teamId) },
            { key: attrs.AssigneeId, value: ticket.assigneeId === null ? '' : String(ticket.assigneeId) },
            { key: attrs.SlaBreached, value: ticket.slaBreached },
            ...(ticket.firstResponseDueAt ? [{ key: attrs.FirstResponseDue, value: new Date(ticket.firstResponseDueAt) }] : []),
            ...(ticket.resolutionDueAt ? [{ key: attrs.ResolutionDue, value: new Date(ticket.resolutionDueAt) }] : []),
          ],
        }));
        return { workflowId, started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw error;
      }
    },
    async change(ticketId, request) {
      try {
        return await handle(ticketId).executeUpdate(changeTicketUpdate, { args: [request] });
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async messageAdded(ticketId, message) {
      try {
        await handle(ticketId).signal(messageAddedSignal, message);
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async slaConfigChanged(ticketIds) {
      await Promise.all(ticketIds.map((id) => handle(id).signal(slaConfigChangedSignal).catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      })));
    },
    async reassign(ticketId, excludeUserId, actor) {
      try {
        await handle(ticketId).signal(reassignSignal, { excludeUserId, actor });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
    getState: (ticketId) => query(ticketId, () => handle(ticketId).query(ticketStateQuery)),
    getSla: (ticketId) => query(ticketId, () => handle(ticketId).query(slaStateQuery)),
    async isReachable() {
      try {
        await client.connection.withDeadline(Date.now() + 1500, () => client.connection.workflowService.getSystemInfo({}));
        return true;
      } catch {
        return false;
      }
    },
  };
}
