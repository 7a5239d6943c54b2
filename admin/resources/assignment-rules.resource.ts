import { assignmentRuleInputSchema, assignmentStrategies, type AssignmentConditions } from '../../domain/assignment.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import {
  classificationConditionsOf,
  classificationReferencesCheck,
  classificationFieldOf,
  classificationFormFields,
  classificationFormValues,
  classificationProperties,
} from '../features/classification-conditions.js';
import { domainForm, listOf } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const strategyLabels: Record<string, string> = {
  round_robin: 'Round robin',
  least_open: 'Fewest open tickets',
  manual: 'Manual (nobody automatically)',
};

/** Assignment rules: which tickets go to which team and how the team hands them out (managers). */
export const assignmentRulesResource: ResourceFactory = (context) => ({
  resource: context.tables('assignment_rules'),
  features: [
    roleAccess('assignment_rules'),
    domainForm({
      resource: 'assignment_rules',
      schema: assignmentRuleInputSchema,
      toForm: (row: { conditions?: Partial<AssignmentConditions> | null }) => ({
        ...classificationFormValues(row.conditions),
        conditionPriorities: row.conditions?.priorities ?? [],
        conditionOrganizationIds: row.conditions?.organizationIds ?? [],
      }),
      toInput: (form) => ({
        name: form.name,
        position: Number(form.position ?? 100),
        active: form.active === true || form.active === 'true',
        teamId: Number(form.team_id),
        strategy: form.strategy,
        conditions: {
          ...classificationConditionsOf(form),
          priorities: listOf(form.conditionPriorities),
          organizationIds: listOf(form.conditionOrganizationIds).map(Number),
        },
      }),
      toRow: (r) => ({
        name: r.name,
        position: r.position,
        active: r.active,
        team_id: r.teamId,
        strategy: r.strategy,
        conditions: JSON.stringify(r.conditions),
      }),
      fieldOf: (path) =>
        classificationFieldOf(path) ??
        (path[0] === 'teamId'
          ? 'team_id'
          : path[0] === 'conditions'
            ? path[1] === 'organizationIds'
              ? 'conditionOrganizationIds'
              : 'conditionPriorities'
            : String(path[0] ?? 'name')),
      checkStored: classificationReferencesCheck(context.db),
    }),
    auditConfigChanges(context.db, 'assignment_rules'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'name',
    sort: { sortBy: 'position', direction: 'asc' },
    listProperties: ['name', 'position', 'team_id', 'strategy', 'active'],
    showProperties: [
      'name',
      'position',
      'active',
      'team_id',
      'strategy',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionOrganizationIds',
      'last_assigned_user_id',
    ],
    editProperties: [
      'name',
      'position',
      'active',
      'team_id',
      'strategy',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionOrganizationIds',
    ],
    properties: {
      position: {
        description: 'Rules are tried from the lowest position up; the first that matches routes the ticket.',
      },
      strategy: { availableValues: assignmentStrategies.map((s) => ({ value: s, label: strategyLabels[s] ?? s })) },
      ...classificationProperties,
      conditionPriorities: { isArray: true, availableValues: ticketPriorities.map((p) => ({ value: p, label: p })) },
      conditionOrganizationIds: { isArray: true, type: 'reference', reference: 'organizations' },
      conditions: { isVisible: false },
      last_assigned_user_id: { isVisible: { list: false, filter: false, show: true, edit: false } },
    },
  },
});
