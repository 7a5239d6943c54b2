import {
  Client,
  Connection,
  ServiceError,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TicketLifecycleRow } from '../db/tickets.js';
import { ticketWorkflowId } from '../domain/ticket.js';
import type { Actor } from '../domain/ticket-event-types.js';
import {
  changeFailure,
  changeTicketUpdate,
  classificationChangedSignal,
  mergedFromSignal,
  mergedIntoSignal,
  messageAddedSignal,
  reassignSignal,
  slaConfigChangedSignal,
  slaStateQuery,
  ticketStateQuery,
  type ClassificationChanged,
  type MergedFrom,
  type MergedInto,
  type MessageAdded,
  type SlaSnapshot,
  type TicketChangeRequest,
  type TicketLifecycleInput,
  type TicketWorkflowState,
} from './lifecycle/definitions.js';
import { ticketStartSearchAttributes } from './search-attributes.js';
import { ticketTaskQueue } from './task-queue.js';
import type { ticketLifecycle } from './ticket-lifecycle.workflow.js';
import { webhookDeliveryWorkflowId, webhookPendingSignal, type webhookDelivery } from './webhook-delivery.workflow.js';

export type {
  ClassificationChanged,
  MergedFrom,
  MergedInto,
  MessageAdded,
  SlaSnapshot,
  TicketChangeRequest,
  TicketWorkflowState,
};

/** Where Temporal is and which namespace holds the tickets. */
export interface TemporalSettings {
  address: string;
  namespace: string;
}

/** Opens a Temporal client; `lazy` connects on first use, so a process starts while Temporal is down. */
export async function connectTemporal(settings: TemporalSettings & { lazy?: boolean }): Promise<Client> {
  const options = { address: settings.address, connectTimeout: 5000 };
  const connection = settings.lazy ? Connection.lazy(options) : await Connection.connect(options);
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

/** Temporal did not answer a call within the door's `requestTimeoutMs`. */
export class TemporalDidNotAnswer extends Error {
  override name = 'TemporalDidNotAnswer';
}

/** True when an error means Temporal could not be reached (the API answers 503, not 500). */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof TemporalDidNotAnswer) return true;
  // An update whose call ran out of its deadline (or was cancelled) reports this, not a ServiceError.
  if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
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
    throw new TicketWorkflowUnavailable(
      `Ticket ${ticketId} has no running workflow (it is closed, or its workflow has not started yet).`,
    );
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
  /** Tells the workflow that the ticket's category, tags or custom fields were edited (rules are evaluated again). */
  classificationChanged(ticketId: number, change: ClassificationChanged): Promise<void>;
  /** Tells a duplicate's workflow that it was merged into another ticket (it closes as merged). */
  mergedInto(ticketId: number, merge: MergedInto): Promise<void>;
  /** Tells a target's workflow that another ticket was merged into it. */
  mergedFrom(ticketId: number, merge: MergedFrom): Promise<void>;
  /** Wakes (or starts) the workflow that sends an endpoint's pending webhook events about a ticket. */
  webhookPending(endpointId: number, ticketId: number): Promise<void>;
  /** The workflow's live state, or null when the ticket has no workflow. */
  getState(ticketId: number): Promise<TicketWorkflowState | null>;
  /** The live SLA state, or null when the ticket has no workflow. */
  getSla(ticketId: number): Promise<SlaSnapshot | null>;
  /** True when the Temporal frontend answers. */
  isReachable(): Promise<boolean>;
  /**
   * Closes the connection once every call made through the door has settled (new calls fail). Call
   * this, not `client.connection.close()`: a call that outlived its wait may still have a gRPC retry
   * pending, and a retry that fires after the channel closed throws from its timer.
   */
  close(): Promise<void>;
  readonly client: Client;
}

/** How the door talks to Temporal. */
export interface TicketWorkflowsOptions {
  /**
   * The most any one call may take (TEMPORAL_REQUEST_TIMEOUT_MS): when Temporal does not answer in
   * time the call fails as unavailable instead of waiting out gRPC's retries (about 20 s).
   */
  requestTimeoutMs: number;
  taskQueue?: string;
}

/** Builds the ticket workflow door over a Temporal client. */
export function createTicketWorkflows(client: Client, options: TicketWorkflowsOptions): TicketWorkflows {
  const taskQueue = options.taskQueue ?? ticketTaskQueue;
  const handle = (ticketId: number) => client.workflow.getHandle<typeof ticketLifecycle>(ticketWorkflowId(ticketId));

  // Every call still running on the connection, including those a caller stopped waiting for:
  // close() waits for them. The SDK's gRPC retry interceptor sleeps between attempts on a plain
  // timer that neither the deadline nor cancellation clears; when it fires it opens the next attempt
  // on the channel, and on a closed channel that throws "Channel has been shut down" from the timer,
  // an uncaught exception. A call ends at its deadline (the next attempt fails at once), so the wait
  // is bounded.
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  const track = <T>(call: () => Promise<T>): Promise<T> => {
    if (closing) return Promise.reject(new TemporalDidNotAnswer('The Temporal connection is closing.'));
    const running = call();
    const settled: Promise<unknown> = running.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    return running;
  };

  // The gRPC deadline ends the call on Temporal's side; the timer bounds the wait here, since the
  // client's retry backoff may sleep past the deadline before it notices (up to a few seconds more).
  // When the timer wins, the call is cancelled, so an attempt under way ends now, not at its deadline.
  const bounded = <T>(call: () => Promise<T>): Promise<T> => {
    const ms = options.requestTimeoutMs;
    const abandon = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new TemporalDidNotAnswer(`Temporal did not answer within ${ms} ms.`));
        abandon.abort();
      }, ms);
    });
    const running = track(() =>
      client.withAbortSignal(abandon.signal, () => client.withDeadline(Date.now() + ms, call)),
    );
    // A call that settles after the timer won is still observed by race(): no unhandled rejection.
    return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
  };

  async function query<T>(ticketId: number, run: () => Promise<T>): Promise<T | null> {
    try {
      return await bounded(run);
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
        await bounded(() =>
          client.workflow.start<typeof ticketLifecycle>('ticketLifecycle', {
            workflowId,
            taskQueue,
            args: [input],
            // A ticket has one workflow for life: a second start (retry, reconciler) never makes another.
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            memo: { title: ticket.title },
            typedSearchAttributes: ticketStartSearchAttributes(ticket.number, ticket),
          }),
        );
        return { workflowId, started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw error;
      }
    },
    async change(ticketId, request) {
      try {
        return await bounded(() => handle(ticketId).executeUpdate(changeTicketUpdate, { args: [request] }));
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async messageAdded(ticketId, message) {
      try {
        await bounded(() => handle(ticketId).signal(messageAddedSignal, message));
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async classificationChanged(ticketId, change) {
      try {
        await bounded(() => handle(ticketId).signal(classificationChangedSignal, change));
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async mergedInto(ticketId, merge) {
      try {
        await bounded(() => handle(ticketId).signal(mergedIntoSignal, merge));
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async mergedFrom(ticketId, merge) {
      try {
        await bounded(() => handle(ticketId).signal(mergedFromSignal, merge));
      } catch (error) {
        translate(error, ticketId);
      }
    },
    async slaConfigChanged(ticketIds) {
      await Promise.all(
        ticketIds.map((id) =>
          bounded(() => handle(id).signal(slaConfigChangedSignal)).catch((error: unknown) => {
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          }),
        ),
      );
    },
    async reassign(ticketId, excludeUserId, actor) {
      try {
        await bounded(() => handle(ticketId).signal(reassignSignal, { excludeUserId, actor }));
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
    async webhookPending(endpointId, ticketId) {
      const stream = { endpointId, ticketId };
      await bounded(() =>
        client.workflow.signalWithStart<typeof webhookDelivery>('webhookDelivery', {
          workflowId: webhookDeliveryWorkflowId(stream),
          taskQueue,
          args: [stream],
          signal: webhookPendingSignal,
          signalArgs: [],
        }),
      );
    },
    getState: (ticketId) => query(ticketId, () => handle(ticketId).query(ticketStateQuery)),
    getSla: (ticketId) => query(ticketId, () => handle(ticketId).query(slaStateQuery)),
    async isReachable() {
      try {
        await track(() =>
          client.connection.withDeadline(Date.now() + 1500, () => client.connection.workflowService.getSystemInfo({})),
        );
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        while (inFlight.size > 0) await Promise.all(inFlight);
        await client.connection.close();
      })();
      return closing;
    },
  };
}
