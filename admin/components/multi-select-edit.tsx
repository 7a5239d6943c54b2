import React from 'react';
import { useTranslation, type EditPropertyProps } from 'adminjs';
import { FormGroup, FormMessage, Label, Select } from '@adminjs/design-system';

type Option = { value: string; label: string };

/**
 * A list property with fixed choices as one multi-select (pick several, remove with ×) rather than
 * AdminJS's "Add new item" rows of single selects: e.g. the statuses a custom field is required for.
 */
const MultiSelectEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const options: Option[] = (property.availableValues ?? []).map((o) => ({
    value: String(o.value),
    label: o.label ?? String(o.value),
  }));
  const prefix = `${property.path}.`;
  const chosen = Object.entries(record?.params ?? {})
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => String(value));
  const error = record?.errors?.[property.path];
  const { translateProperty } = useTranslation();
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path}>{translateProperty(property.label, property.resourceId)}</Label>
      <Select
        inputId={property.path}
        isMulti
        options={options}
        value={options.filter((o) => chosen.includes(o.value))}
        onChange={(selected: readonly Option[] | null) =>
          onChange(
            property.path,
            (selected ?? []).map((o) => o.value),
          )
        }
      />
      <FormMessage>{error?.message ?? property.description}</FormMessage>
    </FormGroup>
  );
};

export default MultiSelectEdit;
