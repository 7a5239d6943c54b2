import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/ticket-event-types.js';
import type { TicketPriority } from '../../domain/ticket-priority.js';
import type { TicketStatus } from '../../domain/ticket-status.js';
import type { SlaClock } from './types.js';

/** What a ticket workflow starts from: the committed row. */
export interface TicketLifecycleInput {
  ticketId: number;
  number: string;
  status: TicketStatus;
  priority: TicketPriority;
  teamId: number | null;
  assigneeId: number | null;
  organizationId: number | null;
  category: string | null;
  requesterId: number;
  version: number;
  createdAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  /** Set when the workflow continues as new: everything it had decided so far. */
  carried?: unknown;
}

/** The workflow's view of its ticket. */
export interface TicketWorkflowState {
  ticketId: number;
  number: string;
  status: TicketStatus;
  priority: TicketPriority;
  teamId: number | null;
  assigneeId: number | null;
  version: number;
  slaBreached: boolean;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

/** A change of lifecycle fields, as the API's PATCH and the back office's actions ask for it. */
export interface TicketChangeRequest {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: number | null;
  teamId?: number | null;
  /** When set, the change is refused unless the ticket is still at this version. */
  expectedVersion?: number;
  actor: Actor;
}

/** A message was added to the ticket (the row is already committed). */
export interface MessageAdded {
  messageId: number;
  authorId: number | null;
  /** Staff replies meet first response; customer replies reopen resolved tickets. */
  byStaff: boolean;
  internal: boolean;
  at: string;
  source: Actor['source'];
  /**
   * Staff an internal note mentions (`@handle`), resolved when the note was stored (active staff
   * only, never its author), so the workflow notifies them without a lookup. Absent before mentions.
   */
  mentionedUserIds?: number[];
}

/** This ticket was merged into another (the merge is committed): it closes as merged and its requester is told where to follow. */
export interface MergedInto {
  targetId: number;
  targetNumber: string;
  actor: Actor;
}

/** Another ticket was merged into this one (its conversation and people were copied here). */
export interface MergedFrom {
  duplicateId: number;
  duplicateNumber: string;
  actor: Actor;
}

/** The ticket fields rules match besides the lifecycle ones, edited directly on the row. */
export type ClassificationField = 'category' | 'tags' | 'custom_fields';

/**
 * The ticket's category, tags or custom field values were edited (committed, with the `fields_edited`
 * audit entry `eventId`): the rules that match them are evaluated again. The workflow reads the new
 * values through its activities; `eventId` tells a redelivery apply once.
 */
export interface ClassificationChanged {
  fields: ClassificationField[];
  eventId: number;
  actor: Actor;
}

/** The live SLA state: the clock and the next timer. */
export interface SlaSnapshot {
  clock: SlaClock | null;
  paused: boolean;
  breached: boolean;
  nextTimer: { kind: string; at: string } | null;
  now: string;
}

/** Failure types the API maps to HTTP statuses. */
export const changeFailure = {
  invalidTransition: 'InvalidTransition',
  staleVersion: 'StaleVersion',
  closed: 'TicketClosed',
} as const;

/** Changes status, priority, assignee or team; validated, returns the new state. */
export const changeTicketUpdate = defineUpdate<TicketWorkflowState, [TicketChangeRequest]>('changeTicket');
/** Tells the workflow about a new reply or note. */
export const messageAddedSignal = defineSignal<[MessageAdded]>('messageAdded');
/** An SLA policy or calendar this ticket may use was edited: recompute deadlines. */
export const slaConfigChangedSignal = defineSignal<[]>('slaConfigChanged');
/** The assignee became unavailable or was deactivated: pick someone else. */
export const reassignSignal = defineSignal<[{ excludeUserId: number; actor: Actor }]>('reassign');
/** The ticket was merged into another: close it as merged. */
export const mergedIntoSignal = defineSignal<[MergedInto]>('mergedInto');
/** Another ticket was merged into this one. */
export const mergedFromSignal = defineSignal<[MergedFrom]>('mergedFrom');
/** The ticket's category, tags or custom fields changed: re-plan the SLA and route it again if unassigned. */
export const classificationChangedSignal = defineSignal<[ClassificationChanged]>('classificationChanged');
/** Reads the workflow's view of its ticket. */
export const ticketStateQuery = defineQuery<TicketWorkflowState>('ticketState');
/** Reads the live SLA state. */
export const slaStateQuery = defineQuery<SlaSnapshot>('slaState');
