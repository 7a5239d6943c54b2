import { z } from 'zod';
import {
  classificationAllows,
  classificationConditionShape,
  conditionAllows,
  conditionList,
  idCondition,
  priorityCondition,
  recordId,
  type ClassificationConditions,
  type TicketClassification,
} from './rule-conditions.js';
import { type UserRole, userRoles } from './roles.js';
import { singleLineText } from './text-fields.js';
import { type TicketPriority, ticketPriorities } from './ticket-priority.js';

/** What starts an escalation: an SLA warning, a missed target, or a ticket left without an update. */
export const escalationTriggers = ['sla_warning', 'first_response_breach', 'resolution_breach', 'no_update'] as const;

/** The event an escalation rule reacts to. */
export type EscalationTrigger = (typeof escalationTriggers)[number];

/**
 * What an escalation does: notify users, roles, the team lead or the assignee; reassign to a team, a
 * person, or the team lead (of `teamId` when given, else of the ticket's team); or raise the priority a step.
 */
export type EscalationAction =
  | { type: 'notify'; userIds?: number[]; roles?: UserRole[]; target?: 'team_lead' | 'assignee' }
  | { type: 'reassign'; teamId?: number; userId?: number; target?: 'team_lead' }
  | { type: 'raise_priority' };

/** Which tickets a rule applies to; an empty or missing list matches any ticket. */
export interface EscalationConditions extends ClassificationConditions {
  priorities?: TicketPriority[];
  teamIds?: number[];
  organizationIds?: number[];
}

/** A manager's rule: when `trigger` fires (plus `delaySeconds`) on a matching ticket, run `actions`. */
export interface EscalationRule {
  id: number;
  name: string;
  trigger: EscalationTrigger;
  delaySeconds: number;
  level: number;
  active: boolean;
  conditions: EscalationConditions;
  actions: EscalationAction[];
}

const notifyAction = z
  .strictObject({
    type: z.literal('notify'),
    userIds: idCondition.optional(),
    roles: conditionList(z.enum(userRoles, { error: `must be one of ${userRoles.join(', ')}` })).optional(),
    target: z.enum(['team_lead', 'assignee'], { error: 'must be team_lead or assignee' }).optional(),
  })
  .refine(
    (a) => (a.userIds?.length ?? 0) > 0 || (a.roles?.length ?? 0) > 0 || a.target !== undefined,
    'names no recipient; set userIds, roles or target (team_lead or assignee)',
  );

const reassignAction = z
  .strictObject({
    type: z.literal('reassign'),
    teamId: recordId.optional(),
    userId: recordId.optional(),
    target: z.literal('team_lead', { error: 'must be team_lead' }).optional(),
  })
  .superRefine((a, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.teamId !== undefined && a.userId !== undefined)
      problem('names both teamId and userId; reassign to a team or to a person, not both');
    else if (a.userId !== undefined && a.target !== undefined)
      problem('names both userId and target; reassign to a person or to the team lead, not both');
    else if (a.teamId === undefined && a.userId === undefined && a.target === undefined)
      problem('names no destination; set teamId, userId or target "team_lead"');
  });

const action = z.discriminatedUnion(
  'type',
  [notifyAction, reassignAction, z.strictObject({ type: z.literal('raise_priority') })],
  {
    error: 'must be an action of type notify, reassign or raise_priority',
  },
);

// Two actions are the same when they differ only in key or list order.
function actionKey(a: EscalationAction): string {
  const sorted = Object.entries(a).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v] as const);
  return JSON.stringify(sorted.sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** An escalation rule as the back office creates or edits it; contradictory rules are refused with the field at fault. */
export const escalationRuleInputSchema = z
  .strictObject({
    name: singleLineText(100),
    trigger: z.enum(escalationTriggers, { error: `must be one of ${escalationTriggers.join(', ')}` }),
    delaySeconds: z
      .number({ error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must be 0 or more')
      .max(2_147_483_647, 'is too large')
      .default(0),
    level: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(100, 'must be at most 100')
      .default(1),
    active: z.boolean({ error: 'must be true or false' }).default(true),
    conditions: z
      .strictObject({
        ...classificationConditionShape,
        priorities: priorityCondition.optional(),
        teamIds: idCondition.optional(),
        organizationIds: idCondition.optional(),
      })
      .default({}),
    actions: z
      .array(action, { error: 'must be a list of actions' })
      .min(1, 'must have at least one action')
      .max(20, 'must have at most 20 actions'),
  })
  .superRefine((rule, ctx) => {
    if (rule.trigger === 'no_update' && rule.delaySeconds === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['delaySeconds'],
        message: 'must be more than 0 for a no_update rule: it is how long a ticket may go without an update',
      });
    }
    const priorities = rule.conditions.priorities ?? [];
    const onlyUrgent = priorities.length > 0 && priorities.every((p) => p === 'urgent');
    const seen = new Map<string, number>();
    rule.actions.forEach((a, index) => {
      const key = actionKey(a);
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['actions', index], message: `repeats actions.${first}` });
      else seen.set(key, index);
      if (a.type === 'raise_priority' && onlyUrgent) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', index],
          message: 'cannot raise the priority: the rule only matches urgent tickets, which are already the most urgent',
        });
      }
    });
  });

/** A validated escalation rule from the back office. */
export type EscalationRuleInput = z.infer<typeof escalationRuleInputSchema>;

/** True when an active rule's conditions all match the ticket; an inactive rule matches nothing. */
export function ruleMatches(
  rule: EscalationRule,
  ticket: TicketClassification & { priority: TicketPriority; teamId: number | null; organizationId: number | null },
): boolean {
  const { priorities, teamIds, organizationIds } = rule.conditions;
  return (
    rule.active &&
    classificationAllows(rule.conditions, ticket) &&
    conditionAllows(priorities, ticket.priority) &&
    conditionAllows(teamIds, ticket.teamId) &&
    conditionAllows(organizationIds, ticket.organizationId)
  );
}

/** The next more urgent priority; urgent stays urgent. */
export function raisePriority(p: TicketPriority): TicketPriority {
  return ticketPriorities[Math.min(ticketPriorities.indexOf(p) + 1, ticketPriorities.length - 1)] ?? p;
}
