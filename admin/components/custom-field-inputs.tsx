import React from 'react';
import { CheckBox, FormGroup, Input, Label, Select, Text } from '@adminjs/design-system';

/** A custom field as the forms get it (the domain's CustomFieldDefinition). */
export interface FieldDefinition {
  key: string;
  label: string;
  description: string | null;
  type: 'text' | 'number' | 'date' | 'checkbox' | 'single_select' | 'multi_select';
  options: string[];
  requiredForStatuses: string[];
}

/** A value as the inputs hold it; null when empty (clears the stored value). */
export type FieldValue = string | number | boolean | string[] | null;

type Option = { value: string; label: string };

const requiredNote = (d: FieldDefinition) => {
  const when = d.requiredForStatuses.map((s) => (s === 'new' ? 'creation' : s.replace('_', ' ')));
  return when.length ? ` (required for ${when.join(', ')})` : '';
};

/**
 * One input per custom field, of the field's type (text, number, date, checkbox, select, multi
 * select), each with its error under it: the back office's ticket edit form and "New ticket for a
 * customer" both use it, so a field looks the same wherever staff fill it in.
 */
const CustomFieldInputs: React.FC<{
  definitions: FieldDefinition[];
  values: Record<string, FieldValue>;
  errors: Record<string, string | undefined>;
  onChange(key: string, value: FieldValue): void;
}> = ({ definitions, values, errors, onChange }) => (
  <>
    {definitions.map((d) => {
      const id = `custom-field-${d.key}`;
      const value = values[d.key] ?? null;
      const error = errors[d.key];
      const options: Option[] = d.options.map((o) => ({ value: o, label: o }));
      let input: React.ReactNode;
      if (d.type === 'checkbox')
        input = (
          <CheckBox
            id={id}
            checked={value === true}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(d.key, e.target.checked)}
          />
        );
      else if (d.type === 'single_select')
        input = (
          <Select
            inputId={id}
            options={options}
            value={options.find((o) => o.value === value) ?? null}
            onChange={(selected: Option | null) => onChange(d.key, selected?.value ?? null)}
            isClearable
          />
        );
      else if (d.type === 'multi_select')
        input = (
          <Select
            inputId={id}
            isMulti
            options={options}
            value={options.filter((o) => Array.isArray(value) && value.includes(o.value))}
            onChange={(selected: readonly Option[] | null) => {
              const list = (selected ?? []).map((o) => o.value);
              onChange(d.key, list.length ? list : null);
            }}
          />
        );
      else
        input = (
          <Input
            id={id}
            name={id}
            width="100%"
            type={d.type === 'number' ? 'number' : d.type === 'date' ? 'date' : 'text'}
            value={value === null ? '' : String(value)}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              const raw = e.target.value;
              // A number stays text until it reads as one, so the server can name a bad entry.
              onChange(
                d.key,
                raw === '' ? null : d.type === 'number' && !Number.isNaN(Number(raw)) ? Number(raw) : raw,
              );
            }}
          />
        );
      return (
        <FormGroup key={d.key} error={Boolean(error)} data-testid={id}>
          <Label htmlFor={id}>{`${d.label}${requiredNote(d)}`}</Label>
          {input}
          {d.description && <Text variant="sm">{d.description}</Text>}
          {error && (
            <Text color="error" mt="sm" data-testid={`error-customFields.${d.key}`}>
              {error}
            </Text>
          )}
        </FormGroup>
      );
    })}
  </>
);

export default CustomFieldInputs;
