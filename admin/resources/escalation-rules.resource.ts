import {
  escalationRuleInputSchema,
  escalationTriggers,
  type EscalationAction,
  type EscalationConditions,
} from '../../domain/escalation-rules.js';
import { userRoles } from '../../domain/roles.js';
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
import { domainForm, listOf, type FormValues } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const triggerLabels: Record<string, string> = {
  sla_warning: 'SLA warning',
  first_response_breach: 'First response target missed',
  resolution_breach: 'Resolution target missed',
  no_update: 'No update for a while',
};

const isOn = (v: unknown) => v === true || v === 'true';

// The form has one group of fields per action type; the schema's list of actions is built from them
// (unchecked: the domain schema decides whether they make sense).
function actionsOf(form: FormValues): { actions: Record<string, unknown>[]; fieldOfAction: string[] } {
  const actions: Record<string, unknown>[] = [];
  const fieldOfAction: string[] = [];
  const roles = listOf(form.notifyRoles);
  const userIds = listOf(form.notifyUserIds).map(Number);
  if (roles.length || userIds.length || form.notifyTarget) {
    actions.push({
      type: 'notify',
      ...(roles.length ? { roles } : {}),
      ...(userIds.length ? { userIds } : {}),
      ...(form.notifyTarget ? { target: form.notifyTarget } : {}),
    });
    fieldOfAction.push('notifyRoles');
  }
  if (form.reassignTeamId || form.reassignUserId || isOn(form.reassignToTeamLead)) {
    actions.push({
      type: 'reassign',
      ...(form.reassignTeamId ? { teamId: Number(form.reassignTeamId) } : {}),
      ...(form.reassignUserId ? { userId: Number(form.reassignUserId) } : {}),
      ...(isOn(form.reassignToTeamLead) ? { target: 'team_lead' } : {}),
    });
    fieldOfAction.push('reassignTeamId');
  }
  if (isOn(form.raisePriority)) {
    actions.push({ type: 'raise_priority' });
    fieldOfAction.push('raisePriority');
  }
  return { actions, fieldOfAction };
}

/** Escalation rules: trigger, conditions, actions and level, refused when contradictory (managers). */
export const escalationRulesResource: ResourceFactory = (context) => ({
  resource: context.tables('escalation_rules'),
  features: [
    roleAccess('escalation_rules'),
    domainForm({
      resource: 'escalation_rules',
      schema: escalationRuleInputSchema,
      toForm: (row: {
        actions?: EscalationAction[] | null;
        delay_seconds?: number | null;
        conditions?: Partial<EscalationConditions> | null;
      }) => {
        const actions: EscalationAction[] = row.actions ?? [];
        const notify = actions.find((a) => a.type === 'notify');
        const reassign = actions.find((a) => a.type === 'reassign');
        return {
          delayMinutes: Math.round((row.delay_seconds ?? 0) / 60),
          ...classificationFormValues(row.conditions),
          conditionPriorities: row.conditions?.priorities ?? [],
          conditionTeamIds: row.conditions?.teamIds ?? [],
          conditionOrganizationIds: row.conditions?.organizationIds ?? [],
          notifyRoles: notify?.roles ?? [],
          notifyUserIds: notify?.userIds ?? [],
          notifyTarget: notify?.target ?? '',
          reassignTeamId: reassign?.teamId ?? '',
          reassignUserId: reassign?.userId ?? '',
          reassignToTeamLead: reassign?.target === 'team_lead',
          raisePriority: actions.some((a) => a.type === 'raise_priority'),
          summary: actions.map((a) => a.type.replace('_', ' ')).join(', '),
        };
      },
      toInput: (form) => {
        const { actions } = actionsOf(form);
        return {
          name: form.name,
          trigger: form.trigger,
          delaySeconds: Math.round(Number(form.delayMinutes || 0) * 60),
          level: Number(form.level || 1),
          active: isOn(form.active),
          conditions: {
            ...classificationConditionsOf(form),
            priorities: listOf(form.conditionPriorities),
            teamIds: listOf(form.conditionTeamIds).map(Number),
            organizationIds: listOf(form.conditionOrganizationIds).map(Number),
          },
          actions,
        };
      },
      toRow: (r) => ({
        name: r.name,
        trigger: r.trigger,
        delay_seconds: r.delaySeconds,
        level: r.level,
        active: r.active,
        conditions: JSON.stringify(r.conditions),
        actions: JSON.stringify(r.actions),
      }),
      fieldOf: (path, form) => {
        if (path[0] === 'actions')
          return typeof path[1] === 'number'
            ? (actionsOf(form).fieldOfAction[path[1]] ?? 'raisePriority')
            : 'raisePriority';
        if (path[0] === 'delaySeconds') return 'delayMinutes';
        const classification = classificationFieldOf(path);
        if (classification) return classification;
        if (path[0] === 'conditions')
          return path[1] === 'teamIds'
            ? 'conditionTeamIds'
            : path[1] === 'organizationIds'
              ? 'conditionOrganizationIds'
              : 'conditionPriorities';
        return String(path[0] ?? 'name');
      },
      checkStored: classificationReferencesCheck(context.db),
    }),
    auditConfigChanges(context.db, 'escalation_rules'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'name',
    sort: { sortBy: 'level', direction: 'asc' },
    listProperties: ['name', 'trigger', 'level', 'delayMinutes', 'summary', 'active'],
    showProperties: [
      'name',
      'trigger',
      'level',
      'delayMinutes',
      'active',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionTeamIds',
      'conditionOrganizationIds',
      'notifyRoles',
      'notifyUserIds',
      'notifyTarget',
      'reassignTeamId',
      'reassignUserId',
      'reassignToTeamLead',
      'raisePriority',
      'updated_at',
    ],
    editProperties: [
      'name',
      'trigger',
      'delayMinutes',
      'level',
      'active',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionTeamIds',
      'conditionOrganizationIds',
      'notifyRoles',
      'notifyUserIds',
      'notifyTarget',
      'reassignTeamId',
      'reassignUserId',
      'reassignToTeamLead',
      'raisePriority',
    ],
    filterProperties: ['name', 'trigger', 'level', 'active'],
    properties: {
      trigger: {
        availableValues: escalationTriggers.map((t) => ({ value: t, label: triggerLabels[t] ?? t })),
        description: 'What starts the escalation.',
      },
      delayMinutes: {
        type: 'number',
        description: 'How long after the trigger; for "No update", how long a ticket may go without one.',
      },
      level: { description: '1 is the first step; higher levels come later.' },
      summary: {},
      ...classificationProperties,
      conditionPriorities: {
        isArray: true,
        description: 'Leave empty for every priority.',
        availableValues: ticketPriorities.map((p) => ({ value: p, label: p })),
      },
      conditionTeamIds: { isArray: true, type: 'reference', reference: 'teams' },
      conditionOrganizationIds: { isArray: true, type: 'reference', reference: 'organizations' },
      notifyRoles: {
        isArray: true,
        availableValues: userRoles.filter((r) => r !== 'customer').map((r) => ({ value: r, label: r })),
      },
      notifyUserIds: { isArray: true, type: 'reference', reference: 'users' },
      notifyTarget: {
        availableValues: [
          { value: 'team_lead', label: "the ticket team's lead" },
          { value: 'assignee', label: 'the assignee' },
        ],
      },
      reassignTeamId: { type: 'reference', reference: 'teams' },
      reassignUserId: { type: 'reference', reference: 'users' },
      reassignToTeamLead: { type: 'boolean' },
      raisePriority: { type: 'boolean' },
      delay_seconds: { isVisible: false },
      conditions: { isVisible: false },
      actions: { isVisible: false },
    },
  },
});
