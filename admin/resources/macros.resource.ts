import { buildFeature, ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import { findTagVocabulary } from '../../db/tag-vocabulary.js';
import { isAssignableStaff } from '../../db/users.js';
import { macroInputSchema, type Macro } from '../../domain/macro-schemas.js';
import { macroPlaceholders } from '../../domain/macro-template.js';
import { checkTags } from '../../domain/tag-vocabulary.js';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { domainForm, type FormValues } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

interface MacroRow {
  add_tags: string[] | null;
  remove_tags: string[] | null;
  set_status: string | null;
  set_priority: string | null;
  set_team_id: number | null;
  set_assignee_id: number | null;
  internal: boolean;
  active: boolean;
}

const isOn = (v: unknown) => v === true || v === 'true';
const orNull = (v: unknown) => (v === undefined || v === null || v === '' ? null : v);
const idOrNull = (v: unknown) => (orNull(v) === null ? null : Number(v));
const tagsOf = (text: unknown) => [
  ...new Set(
    String(text ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

// Each schema field is told against the form field a manager filled in.
const formFieldOf: Record<string, string> = {
  setStatus: 'set_status',
  setPriority: 'set_priority',
  setTeamId: 'set_team_id',
  setAssigneeId: 'set_assignee_id',
  addTags: 'addTagsText',
  removeTags: 'removeTagsText',
  active: 'switchedOff',
};

function summaryOf(row: Partial<MacroRow>): string {
  const parts = [
    row.internal ? 'internal note' : 'reply',
    row.set_status && `status → ${row.set_status.replace('_', ' ')}`,
    row.set_priority && `priority → ${row.set_priority}`,
    row.set_team_id && 'team',
    row.set_assignee_id && 'assignee',
    row.add_tags?.length && `+${row.add_tags.join(' +')}`,
    row.remove_tags?.length && `−${row.remove_tags.join(' −')}`,
  ];
  return parts.filter(Boolean).join(', ');
}

// The schema cannot see the database: the assignee a macro sets must be an active staff member.
const checkAssignee = (db: Parameters<typeof isAssignableStaff>[0]) => async (request: ActionRequest) => {
  const id = request.method === 'post' ? orNull(request.payload?.set_assignee_id) : null;
  if (id !== null && /^\d+$/.test(String(id)) && !(await isAssignableStaff(db, Number(id))))
    throw new ValidationError(
      { set_assignee_id: { message: 'must be an active staff member' } },
      { message: 'Not saved: Set assignee must be an active staff member.' },
    );
  return request;
};

// With free tags off, a macro may only add tags from the tag list (the schema cannot see the list).
const checkAddedTags = (db: Parameters<typeof findTagVocabulary>[0]) => async (request: ActionRequest) => {
  if (request.method !== 'post') return request;
  const added = request.payload?.add_tags;
  const tags = Array.isArray(added) ? added.map(String) : [];
  const checked = checkTags(tags, await findTagVocabulary(db), 'addTagsText');
  if (!checked.ok)
    throw new ValidationError(
      { addTagsText: { message: checked.issues.map((i) => i.message).join('; ') } },
      { message: `Not saved: Add tags: ${checked.issues.map((i) => i.message).join('; ')}.` },
    );
  return { ...request, payload: { ...request.payload, add_tags: checked.tags } };
};

// Who wrote the macro: the signed-in manager, never a value from the form.
const stampCreator = buildFeature({
  actions: {
    new: {
      before: async (request: ActionRequest, context: ActionContext) =>
        request.method === 'post'
          ? { ...request, payload: { ...request.payload, created_by: adminUserId(context.currentAdmin) } }
          : request,
    },
  },
});

/** Macros: canned replies with placeholders and actions; managers write them, agents apply them from tickets. */
export const macrosResource: ResourceFactory = (context) => ({
  resource: context.tables('macros'),
  features: [
    roleAccess('macros'),
    domainForm({
      resource: 'macros',
      schema: macroInputSchema,
      toForm: (row: Partial<MacroRow>) => ({
        addTagsText: (row.add_tags ?? []).join(', '),
        removeTagsText: (row.remove_tags ?? []).join(', '),
        summary: summaryOf(row),
        switchedOff: row.active === false,
      }),
      toInput: (form: FormValues) => ({
        name: form.name,
        body: String(form.body ?? ''),
        internal: isOn(form.internal),
        setStatus: orNull(form.set_status),
        setPriority: orNull(form.set_priority),
        setTeamId: idOrNull(form.set_team_id),
        setAssigneeId: idOrNull(form.set_assignee_id),
        addTags: tagsOf(form.addTagsText),
        removeTags: tagsOf(form.removeTagsText),
        // An unticked box (the form's default) is an active macro: a new one is offered to agents at once.
        active: !isOn(form.switchedOff),
      }),
      toRow: (m: Omit<Macro, 'id' | 'createdBy'>) => ({
        name: m.name,
        body: m.body,
        internal: m.internal,
        set_status: m.setStatus,
        set_priority: m.setPriority,
        set_team_id: m.setTeamId,
        set_assignee_id: m.setAssigneeId,
        add_tags: m.addTags,
        remove_tags: m.removeTags,
        active: m.active,
        updated_at: new Date(),
      }),
      fieldOf: (path) => formFieldOf[String(path[0])] ?? String(path[0] ?? 'name'),
    }),
    stampCreator,
    auditConfigChanges(context.db, 'macros'),
  ],
  options: {
    navigation: navigation.tickets,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'summary', 'active', 'updated_at'],
    showProperties: [
      'name',
      'body',
      'internal',
      'set_status',
      'set_priority',
      'set_team_id',
      'set_assignee_id',
      'addTagsText',
      'removeTagsText',
      'active',
      'created_by',
      'updated_at',
    ],
    editProperties: [
      'name',
      'body',
      'internal',
      'set_status',
      'set_priority',
      'set_team_id',
      'set_assignee_id',
      'addTagsText',
      'removeTagsText',
      'switchedOff',
    ],
    filterProperties: ['name', 'active', 'set_status'],
    properties: {
      body: {
        type: 'textarea',
        description: `Placeholders: ${macroPlaceholders.map((p) => `{{${p}}}`).join(', ')}. Leave empty for a macro that only acts.`,
      },
      internal: { type: 'boolean', description: 'Post the text as an internal note (customers never see it).' },
      set_status: {
        availableValues: ticketStatuses.map((s) => ({ value: s, label: s.replace('_', ' ') })),
        description: 'Leave empty to keep the status. Moves the lifecycle forbids are refused when applied.',
      },
      set_priority: {
        availableValues: ticketPriorities.map((p) => ({ value: p, label: p })),
        description: 'Leave empty to keep the priority.',
      },
      set_team_id: { type: 'reference', reference: 'teams', description: 'Leave empty to keep the team.' },
      set_assignee_id: {
        type: 'reference',
        reference: 'users',
        description: 'A staff member; leave empty to keep the assignee.',
      },
      addTagsText: { type: 'string', description: 'Comma-separated, e.g. vip, billing' },
      removeTagsText: { type: 'string', description: 'Comma-separated' },
      switchedOff: { type: 'boolean', description: 'Switched-off macros are kept but no longer offered to agents.' },
      summary: { isVisible: { list: true, show: false, edit: false, filter: false } },
      created_by: { isVisible: { list: false, show: true, edit: false, filter: false } },
      add_tags: { isVisible: false },
      remove_tags: { isVisible: false },
    },
    actions: {
      new: { before: [checkAssignee(context.db), checkAddedTags(context.db)] },
      edit: { before: [checkAssignee(context.db), checkAddedTags(context.db)] },
    },
  },
});
