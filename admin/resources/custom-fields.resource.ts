import { ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import {
  customFieldDefinitionInput,
  customFieldTypeLabels,
  customFieldTypes,
  type CustomFieldDefinitionInput,
} from '../../domain/custom-fields.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import type { ResourceFactory } from '../admin-context.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { domainForm, listOf, type FormValues } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

interface CustomFieldRow {
  key: string;
  type: string;
  options: string[] | null;
  required_for_statuses: string[] | null;
  customer_visible: boolean;
  customer_editable: boolean;
  active: boolean;
}

const isOn = (v: unknown) => v === true || v === 'true';
const statusLabel = (s: string) => (s === 'new' ? 'new (required when the ticket is created)' : s.replace('_', ' '));

// Each schema field is told against the form field a manager filled in.
const formFieldOf: Record<string, string> = {
  options: 'optionList',
  requiredForStatuses: 'requiredStatuses',
  customerVisible: 'customer_visible',
  customerEditable: 'customer_editable',
};

// Tickets store values under the key, and rules match on it: renaming it would orphan them.
const keepKey = async (request: ActionRequest, context: ActionContext) => {
  const before = context.record?.params.key;
  const asked = request.payload?.key;
  if (request.method === 'post' && before && asked !== undefined && String(asked).trim() !== before)
    throw new ValidationError(
      { key: { message: `cannot change once the field exists (tickets keep values under "${before}")` } },
      { message: 'Not saved: the key of a field cannot change; create a new field and switch this one off.' },
    );
  return request;
};

/** Custom fields: managers define them (type, options, when required, who sees and edits them, order); switched off, they leave forms but tickets keep their values. */
export const customFieldsResource: ResourceFactory = (context) => ({
  resource: context.tables('custom_fields'),
  features: [
    roleAccess('custom_fields'),
    domainForm({
      resource: 'custom_fields',
      schema: customFieldDefinitionInput,
      toForm: (row: Partial<CustomFieldRow>) => ({
        optionList: row.options ?? [],
        optionsText: (row.options ?? []).join(', '),
        requiredStatuses: row.required_for_statuses ?? [],
        requiredText: (row.required_for_statuses ?? []).map((s) => s.replace('_', ' ')).join(', '),
        switchedOff: row.active === false,
      }),
      toInput: (form: FormValues) => ({
        key: String(form.key ?? ''),
        label: form.label,
        description: form.description ?? null,
        type: form.type,
        options: listOf(form.optionList).map((o) => o.trim()),
        requiredForStatuses: listOf(form.requiredStatuses),
        customerVisible: isOn(form.customer_visible),
        customerEditable: isOn(form.customer_editable),
        position: form.position === undefined || form.position === '' ? 0 : Number(form.position),
      }),
      toRow: (f: CustomFieldDefinitionInput, form: FormValues) => ({
        key: f.key,
        label: f.label,
        description: f.description,
        type: f.type,
        options: JSON.stringify(f.options),
        required_for_statuses: f.requiredForStatuses,
        customer_visible: f.customerVisible,
        customer_editable: f.customerEditable,
        position: f.position,
        // An unticked box (the form's default) is an active field: a new one shows in forms at once.
        active: !isOn(form.switchedOff),
        updated_at: new Date(),
      }),
      fieldOf: (path) => formFieldOf[String(path[0])] ?? String(path[0] ?? 'key'),
    }),
    auditConfigChanges(context.db, 'custom_fields'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'label',
    sort: { sortBy: 'position', direction: 'asc' },
    listProperties: ['position', 'label', 'key', 'type', 'requiredText', 'customer_visible', 'active'],
    showProperties: [
      'label',
      'key',
      'description',
      'type',
      'optionsText',
      'requiredText',
      'customer_visible',
      'customer_editable',
      'position',
      'active',
      'updated_at',
    ],
    editProperties: [
      'label',
      'key',
      'description',
      'type',
      'optionList',
      'requiredStatuses',
      'customer_visible',
      'customer_editable',
      'position',
      'switchedOff',
    ],
    filterProperties: ['label', 'key', 'type', 'active'],
    properties: {
      key: {
        description:
          'The name of the value in the API and in rule conditions: lowercase letters, digits and _, e.g. product. It cannot change later.',
      },
      description: { type: 'textarea', description: 'Help text shown under the field in forms (optional).' },
      type: { availableValues: customFieldTypes.map((t) => ({ value: t, label: customFieldTypeLabels[t] })) },
      optionList: {
        type: 'string',
        isArray: true,
        description:
          'The choices of a single or multi select, in the order forms offer them. Leave empty for other types.',
      },
      requiredStatuses: {
        isArray: true,
        availableValues: ticketStatuses.map((s) => ({ value: s, label: statusLabel(s) })),
        description:
          'A ticket cannot move to these statuses while the field is empty. Leave empty for an optional field.',
      },
      customer_visible: { description: 'Customers see the value on their ticket in the portal.' },
      customer_editable: {
        description: 'Customers fill it in when they raise a ticket (needs "visible to customers").',
      },
      position: { type: 'number', description: 'Forms list fields from the lowest position up.' },
      switchedOff: {
        type: 'boolean',
        description: 'Switched-off fields leave every form; tickets keep the values they hold.',
      },
      optionsText: { isVisible: { list: false, show: true, edit: false, filter: false } },
      requiredText: { isVisible: { list: true, show: true, edit: false, filter: false } },
      options: { isVisible: false },
      required_for_statuses: { isVisible: false },
      created_at: { isVisible: false },
    },
    actions: {
      edit: { before: keepKey },
      // Deleting would leave tickets with values nobody can read by name: fields are switched off instead.
      delete: { isVisible: false },
      bulkDelete: { isVisible: false },
    },
  },
});
