import { pausableStatuses } from '../../domain/sla-clock.js';
import { slaPolicyInputSchema, type SlaConditions } from '../../domain/sla-policy.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import type { ResourceFactory } from '../admin-context.js';
import { announceSlaEdits } from '../features/announce-sla-edits.feature.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import {
  classificationConditionsOf,
  classificationReferencesCheck,
  classificationFieldOf,
  classificationFormFields,
  classificationFormValues,
  classificationProperties,
} from '../features/classification-conditions.js';
import { domainForm, hoursAndMinutes, listOf, toSeconds } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const fieldByPath: Record<string, string> = {
  firstResponseTargetSeconds: 'firstResponseHours',
  resolutionTargetSeconds: 'resolutionHours',
  calendarId: 'calendar_id',
  pauseStatuses: 'pausePending',
  warningThresholds: 'warningPercents',
  conditions: 'conditionPriorities',
};

const percents = (text: unknown) =>
  String(text ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((p) => Number(p.replace('%', '')) / 100);

/** SLA policies: targets in hours and minutes of business time, conditions, pauses and warnings (managers). */
export const slaPoliciesResource: ResourceFactory = (context) => ({
  resource: context.tables('sla_policies'),
  features: [
    roleAccess('sla_policies'),
    domainForm({
      resource: 'sla_policies',
      schema: slaPolicyInputSchema,
      toForm: (row: {
        first_response_target_seconds?: number;
        resolution_target_seconds?: number;
        pause_statuses?: string[] | null;
        conditions?: Partial<SlaConditions> | null;
        warning_thresholds?: number[] | null;
      }) => {
        const first = hoursAndMinutes(row.first_response_target_seconds);
        const resolution = hoursAndMinutes(row.resolution_target_seconds);
        const pauses: string[] = row.pause_statuses ?? [];
        return {
          firstResponseHours: first.hours,
          firstResponseMinutes: first.minutes,
          resolutionHours: resolution.hours,
          resolutionMinutes: resolution.minutes,
          ...classificationFormValues(row.conditions),
          conditionPriorities: row.conditions?.priorities ?? [],
          conditionTeamIds: row.conditions?.teamIds ?? [],
          conditionOrganizationIds: row.conditions?.organizationIds ?? [],
          pausePending: pauses.includes('pending'),
          pauseOnHold: pauses.includes('on_hold'),
          warningPercents: (row.warning_thresholds ?? []).map((f) => Math.round(f * 100)).join(', '),
          firstResponseTarget: `${first.hours} h ${first.minutes} min`,
          resolutionTarget: `${resolution.hours} h ${resolution.minutes} min`,
        };
      },
      toInput: (form) => ({
        name: form.name,
        position: Number(form.position ?? 100),
        active: form.active === true || form.active === 'true',
        conditions: {
          ...classificationConditionsOf(form),
          priorities: listOf(form.conditionPriorities),
          teamIds: listOf(form.conditionTeamIds).map(Number),
          organizationIds: listOf(form.conditionOrganizationIds).map(Number),
        },
        firstResponseTargetSeconds: toSeconds(form.firstResponseHours, form.firstResponseMinutes),
        resolutionTargetSeconds: toSeconds(form.resolutionHours, form.resolutionMinutes),
        calendarId: Number(form.calendar_id),
        pauseStatuses: pausableStatuses.filter(
          (s) =>
            (s === 'pending' ? form.pausePending : form.pauseOnHold) === true ||
            (s === 'pending' ? form.pausePending : form.pauseOnHold) === 'true',
        ),
        warningThresholds: percents(form.warningPercents),
      }),
      toRow: (p) => ({
        name: p.name,
        position: p.position,
        active: p.active,
        conditions: JSON.stringify(p.conditions),
        first_response_target_seconds: p.firstResponseTargetSeconds,
        resolution_target_seconds: p.resolutionTargetSeconds,
        calendar_id: p.calendarId,
        pause_statuses: JSON.stringify(p.pauseStatuses),
        warning_thresholds: JSON.stringify(p.warningThresholds),
      }),
      fieldOf: (path) => classificationFieldOf(path) ?? fieldByPath[String(path[0])] ?? String(path[0] ?? 'name'),
      checkStored: classificationReferencesCheck(context.db),
    }),
    auditConfigChanges(context.db, 'sla_policies'),
    announceSlaEdits(context.tickets, 'policy'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'name',
    sort: { sortBy: 'position', direction: 'asc' },
    listProperties: ['name', 'position', 'active', 'firstResponseTarget', 'resolutionTarget', 'calendar_id'],
    showProperties: [
      'name',
      'position',
      'active',
      'firstResponseTarget',
      'resolutionTarget',
      'calendar_id',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionTeamIds',
      'conditionOrganizationIds',
      'pausePending',
      'pauseOnHold',
      'warningPercents',
      'updated_at',
    ],
    editProperties: [
      'name',
      'position',
      'active',
      'calendar_id',
      'firstResponseHours',
      'firstResponseMinutes',
      'resolutionHours',
      'resolutionMinutes',
      ...classificationFormFields,
      'conditionPriorities',
      'conditionTeamIds',
      'conditionOrganizationIds',
      'pausePending',
      'pauseOnHold',
      'warningPercents',
    ],
    filterProperties: ['name', 'active', 'calendar_id'],
    properties: {
      position: {
        description: 'Policies are tried from the lowest position up; the first whose conditions match applies.',
      },
      firstResponseTarget: {},
      resolutionTarget: {},
      firstResponseHours: { type: 'number', description: 'Business hours on the calendar.' },
      firstResponseMinutes: { type: 'number' },
      resolutionHours: {
        type: 'number',
        description: 'Business hours on the calendar; at least the first response target.',
      },
      resolutionMinutes: { type: 'number' },
      ...classificationProperties,
      conditionPriorities: {
        isArray: true,
        description: 'Leave empty for every priority.',
        availableValues: ticketPriorities.map((p) => ({ value: p, label: p })),
      },
      conditionTeamIds: {
        isArray: true,
        type: 'reference',
        reference: 'teams',
        description: 'Leave empty for every team.',
      },
      conditionOrganizationIds: {
        isArray: true,
        type: 'reference',
        reference: 'organizations',
        description: 'Leave empty for every organization.',
      },
      pausePending: { type: 'boolean' },
      pauseOnHold: { type: 'boolean' },
      warningPercents: { type: 'string', description: 'Comma-separated, increasing, e.g. 50, 75.' },
      conditions: { isVisible: false },
      first_response_target_seconds: { isVisible: false },
      resolution_target_seconds: { isVisible: false },
      pause_statuses: { isVisible: false },
      warning_thresholds: { isVisible: false },
    },
  },
});
