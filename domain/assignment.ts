import { z } from 'zod';
import {
  classificationAllows,
  classificationConditionShape,
  conditionAllows,
  firstActiveByPosition,
  type ClassificationConditions,
  idCondition,
  priorityCondition,
  recordId,
  rulePosition,
  type TicketClassification,
} from './rule-conditions.js';
import { singleLineText } from './text-fields.js';
import type { TicketPriority } from './ticket-priority.js';

/** How a team hands out new tickets. */
export const assignmentStrategies = ['round_robin', 'least_open', 'manual'] as const;

/** A team's assignment strategy. */
export type AssignmentStrategy = (typeof assignmentStrategies)[number];

/** A team member as automatic assignment sees them. */
export interface AssignmentCandidate {
  userId: number;
  available: boolean;
  active: boolean;
  capacity: number;
  openTickets: number;
}

/** Which tickets an assignment rule routes; an empty or missing list matches any ticket. */
export interface AssignmentConditions extends ClassificationConditions {
  priorities?: TicketPriority[];
  organizationIds?: number[];
}

/** A manager's rule routing matching tickets to a team, which assigns them by its strategy. */
export interface AssignmentRule {
  id: number;
  name: string;
  position: number;
  active: boolean;
  conditions: AssignmentConditions;
  teamId: number;
  strategy: AssignmentStrategy;
}

/** An assignment rule as the back office creates or edits it. */
export const assignmentRuleInputSchema = z.strictObject({
  name: singleLineText(100),
  position: rulePosition,
  active: z.boolean({ error: 'must be true or false' }).default(true),
  conditions: z
    .strictObject({
      ...classificationConditionShape,
      priorities: priorityCondition.optional(),
      organizationIds: idCondition.optional(),
    })
    .default({}),
  teamId: recordId,
  strategy: z
    .enum(assignmentStrategies, { error: `must be one of ${assignmentStrategies.join(', ')}` })
    .default('round_robin'),
});

/** A validated assignment rule from the back office. */
export type AssignmentRuleInput = z.infer<typeof assignmentRuleInputSchema>;

/** The first active rule (by position, then id) whose conditions all match the ticket (category, tags and custom fields as `classificationAllows` reads them); null when none. */
export function selectAssignmentRule(
  rules: readonly AssignmentRule[],
  ticket: TicketClassification & { priority: TicketPriority; organizationId: number | null },
): AssignmentRule | null {
  return firstActiveByPosition(
    rules,
    ({ conditions }) =>
      classificationAllows(conditions, ticket) &&
      conditionAllows(conditions.priorities, ticket.priority) &&
      conditionAllows(conditions.organizationIds, ticket.organizationId),
  );
}

/** round_robin: the next eligible candidate after `lastAssignedUserId` in ascending userId order (wrapping); least_open: fewest open tickets, ties by lowest userId; manual: null. Eligible = active, available, openTickets < capacity. Returns null when nobody is eligible. */
export function pickAssignee(
  strategy: AssignmentStrategy,
  candidates: readonly AssignmentCandidate[],
  lastAssignedUserId: number | null,
): number | null {
  if (strategy === 'manual') return null;
  const eligible = candidates
    .filter((c) => c.active && c.available && c.openTickets < c.capacity)
    .sort((a, b) => a.userId - b.userId);
  if (strategy === 'least_open') {
    // Sorted by userId, so the first of equally loaded candidates is the lowest id.
    return (
      eligible.reduce<AssignmentCandidate | undefined>(
        (best, c) => (best === undefined || c.openTickets < best.openTickets ? c : best),
        undefined,
      )?.userId ?? null
    );
  }
  // The previous assignee may have left the team, so look for the next higher id rather than their position.
  const next = lastAssignedUserId === null ? undefined : eligible.find((c) => c.userId > lastAssignedUserId);
  return (next ?? eligible[0])?.userId ?? null;
}
