import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';
import type { TicketPriority as Priority } from '../domain/ticket-priority.js';
import type { TicketStatus as Status } from '../domain/ticket-status.js';

/** The ticket's human number, e.g. TF-1001: how ops find a ticket in the Temporal UI. */
export const TicketNumber = defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD);
/** The ticket's current status. */
export const TicketStatus = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
/** The ticket's current priority. */
export const TicketPriority = defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD);
/** The owning team's id, empty when unassigned. */
export const TeamId = defineSearchAttributeKey('TeamId', SearchAttributeType.KEYWORD);
/** The assignee's user id, empty when unassigned. */
export const AssigneeId = defineSearchAttributeKey('AssigneeId', SearchAttributeType.KEYWORD);
/** Whether any SLA target was missed. */
export const SlaBreached = defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);
/** When the first response is due. */
export const FirstResponseDue = defineSearchAttributeKey('FirstResponseDue', SearchAttributeType.DATETIME);
/** When resolution is due. */
export const ResolutionDue = defineSearchAttributeKey('ResolutionDue', SearchAttributeType.DATETIME);

/** Every custom search attribute a ticket workflow sets; the Temporal namespace must have them registered. */
export const ticketSearchAttributeKeys = [
  TicketNumber,
  TicketStatus,
  TicketPriority,
  TeamId,
  AssigneeId,
  SlaBreached,
  FirstResponseDue,
  ResolutionDue,
] as const;

/** The ticket fields the search attributes mirror (ISO strings or null for the deadlines). */
export interface TicketSearchFields {
  status: Status;
  priority: Priority;
  teamId: number | null;
  assigneeId: number | null;
  slaBreached: boolean;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

/**
 * The one mapping from ticket fields to search attributes: what the workflow upserts after each
 * change (a null deadline unsets it). The number never changes, so it is set at start only.
 */
export function ticketSearchAttributes(fields: TicketSearchFields): SearchAttributeUpdatePair[] {
  return [
    { key: TicketStatus, value: fields.status },
    { key: TicketPriority, value: fields.priority },
    { key: TeamId, value: fields.teamId === null ? '' : String(fields.teamId) },
    { key: AssigneeId, value: fields.assigneeId === null ? '' : String(fields.assigneeId) },
    { key: SlaBreached, value: fields.slaBreached },
    { key: FirstResponseDue, value: fields.firstResponseDueAt ? new Date(fields.firstResponseDueAt) : null },
    { key: ResolutionDue, value: fields.resolutionDueAt ? new Date(fields.resolutionDueAt) : null },
  ];
}

/** The search attributes a ticket workflow starts with: its number and the mapping above, unset deadlines left out. */
export function ticketStartSearchAttributes(number: string, fields: TicketSearchFields): SearchAttributePair[] {
  const set = ticketSearchAttributes(fields).filter((pair): pair is SearchAttributePair => pair.value !== null);
  return [{ key: TicketNumber, value: number }, ...set];
}

const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
};

/** The attributes as `temporal server start-dev --search-attribute NAME=Type` arguments. */
export function searchAttributeCliArgs(): string[] {
  return ticketSearchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}
