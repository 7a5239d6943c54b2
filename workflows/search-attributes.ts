import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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

const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
};

/** The attributes as `temporal server start-dev --search-attribute NAME=Type` arguments. */
export function searchAttributeCliArgs(): string[] {
  return ticketSearchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}
