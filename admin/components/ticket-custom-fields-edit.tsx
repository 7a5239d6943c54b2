import React, { useState } from 'react';
import type { EditPropertyProps } from 'adminjs';
import { Box, H5, Text } from '@adminjs/design-system';
import CustomFieldInputs, { type FieldDefinition, type FieldValue } from './custom-field-inputs.js';

const parse = <T,>(json: unknown, fallback: T): T => {
  try {
    return typeof json === 'string' && json ? (JSON.parse(json) as T) : fallback;
  } catch {
    return fallback;
  }
};

/**
 * The custom fields on the ticket edit page: one input per active field, from the definitions the
 * server put on the record; the values travel back as one JSON object (`customFieldsJson`), and the
 * server's errors (`customFields.<key>`) show under each input.
 */
const TicketCustomFieldsEdit: React.FC<EditPropertyProps> = ({ record, onChange }) => {
  const params = record?.params ?? {};
  const definitions = parse<FieldDefinition[]>(params.customFieldDefinitionsJson, []);
  const [values, setValues] = useState<Record<string, FieldValue>>(() =>
    parse<Record<string, FieldValue>>(params.customFieldsJson, {}),
  );
  const errors = Object.fromEntries(
    definitions.map((d) => [d.key, record?.errors?.[`customFields.${d.key}`]?.message]),
  );
  const change = (key: string, value: FieldValue) => {
    const next = { ...values, [key]: value };
    setValues(next);
    onChange('customFieldsJson', JSON.stringify(next));
  };
  return (
    <Box mb="xl" data-testid="ticket-custom-fields">
      <H5>Custom fields</H5>
      {definitions.length === 0 ? (
        <Text>No custom fields are defined (Configuration → Custom fields).</Text>
      ) : (
        <CustomFieldInputs definitions={definitions} values={values} errors={errors} onChange={change} />
      )}
      {record?.errors?.customFields && <Text color="error">{record.errors.customFields.message}</Text>}
    </Box>
  );
};

export default TicketCustomFieldsEdit;
