import { z } from 'zod';
import {
  classificationAllows,
  classificationConditionShape,
  conditionAllows,
  firstActiveByPosition,
  idCondition,
  priorityCondition,
  recordId,
  rulePosition,
  type ClassificationConditions,
  type TicketClassification,
} from './rule-conditions.js';
import { pausableStatuses } from './sla-clock.js';
import { singleLineText } from './text-fields.js';
import type { TicketPriority } from './ticket-priority.js';
import type { TicketStatus } from './ticket-status.js';

/** Which tickets a policy applies to; an empty or missing list matches any ticket. */
export interface SlaConditions extends ClassificationConditions {
  priorities?: TicketPriority[];
  organizationIds?: number[];
  teamIds?: number[];
}

/** Response and resolution targets in business seconds on a calendar, for the tickets its conditions match. */
export interface SlaPolicy {
  id: number;
  name: string;
  position: number;
  active: boolean;
  conditions: SlaConditions;
  firstResponseTargetSeconds: number;
  resolutionTargetSeconds: number;
  calendarId: number;
  pauseStatuses: TicketStatus[];
  /** Fractions of a target at which a warning fires, e.g. [0.75]. */
  warningThresholds: number[];
}

/** Conditions of an SLA policy as the back office edits them. */
export const slaConditionsSchema = z.strictObject({
  ...classificationConditionShape,
  priorities: priorityCondition.optional(),
  organizationIds: idCondition.optional(),
  teamIds: idCondition.optional(),
});

const targetSeconds = z
  .number({ error: 'must be a number of seconds' })
  .int('must be a whole number of seconds')
  .positive('must be more than 0 seconds')
  .max(2_147_483_647, 'is too large');

const threshold = z
  .number({ error: 'must be a number' })
  .gt(0, 'must be a fraction between 0 and 1, e.g. 0.75')
  .lt(1, 'must be a fraction between 0 and 1, e.g. 0.75');

/** An SLA policy as the back office creates or edits it. */
export const slaPolicyInputSchema = z
  .strictObject({
    name: singleLineText(100),
    position: rulePosition,
    active: z.boolean({ error: 'must be true or false' }).default(true),
    conditions: slaConditionsSchema.default({}),
    firstResponseTargetSeconds: targetSeconds,
    resolutionTargetSeconds: targetSeconds,
    calendarId: recordId,
    pauseStatuses: z
      .array(z.enum(pausableStatuses, { error: 'must be pending or on_hold: only waiting statuses pause the clock' }), {
        error: 'must be a list of statuses',
      })
      .refine((statuses) => new Set(statuses).size === statuses.length, 'must name each status once')
      .default([...pausableStatuses]),
    warningThresholds: z
      .array(threshold, { error: 'must be a list of fractions' })
      .max(10, 'must have at most 10 thresholds')
      .superRefine((fractions, ctx) => {
        fractions.forEach((fraction, index) => {
          const previous = fractions[index - 1];
          if (previous !== undefined && fraction <= previous)
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message:
                fraction === previous
                  ? `repeats ${fraction}`
                  : `must be larger than ${previous}; list thresholds in increasing order`,
            });
        });
      })
      .default([0.75]),
  })
  .refine((policy) => policy.resolutionTargetSeconds >= policy.firstResponseTargetSeconds, {
    path: ['resolutionTargetSeconds'],
    message: 'must be at least the first response target: a ticket cannot be resolved before it is answered',
  });

/** A validated SLA policy from the back office. */
export type SlaPolicyInput = z.infer<typeof slaPolicyInputSchema>;

/** The first active policy (by position, then id) whose conditions all match; null when none. */
export function selectSlaPolicy(
  policies: readonly SlaPolicy[],
  ticket: TicketClassification & { priority: TicketPriority; organizationId: number | null; teamId: number | null },
): SlaPolicy | null {
  return firstActiveByPosition(
    policies,
    ({ conditions }) =>
      classificationAllows(conditions, ticket) &&
      conditionAllows(conditions.priorities, ticket.priority) &&
      conditionAllows(conditions.organizationIds, ticket.organizationId) &&
      conditionAllows(conditions.teamIds, ticket.teamId),
  );
}
