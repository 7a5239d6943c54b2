import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Select, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import CustomFieldInputs, { type FieldDefinition, type FieldValue } from './custom-field-inputs.js';

type Option = { value: string; label: string };
type Customer = { id: number; email: string; name: string; guest: boolean; organizationName: string | null };
type FieldName =
  | 'requesterEmail'
  | 'requesterName'
  | 'channel'
  | 'title'
  | 'description'
  | 'priority'
  | 'teamId'
  | 'assigneeId'
  | 'tags';
type Answer = {
  notice?: { message: string; type: 'success' | 'error' };
  errors?: Record<string, string>;
  redirectUrl?: string;
};
const api = new ApiClient();

/** A field's error under it, naming what is wrong (from the domain schema or the command). */
const FieldError: React.FC<{ field: string; errors: Record<string, string> }> = ({ field, errors }) =>
  errors[field] ? (
    <Text color="error" mt="sm" data-testid={`error-${field}`}>
      {errors[field]}
    </Text>
  ) : null;

/**
 * "New ticket for a customer": the requester by e-mail (an existing customer is offered as you
 * type; an unknown address becomes a guest with the name given), the channel, the ticket, and
 * optionally where it starts. The ticket goes through the same create command as the API.
 */
const TicketForCustomer: React.FC<ActionProps> = ({ action, resource }) => {
  const [choices, setChoices] = useState<Record<string, Option[]>>({});
  const [values, setValues] = useState<Record<FieldName, string>>({
    requesterEmail: '',
    requesterName: '',
    channel: 'phone',
    title: '',
    description: '',
    priority: 'normal',
    teamId: '',
    assigneeId: '',
    tags: '',
  });
  const [definitions, setDefinitions] = useState<FieldDefinition[]>([]);
  const [customValues, setCustomValues] = useState<Record<string, FieldValue>>({});
  const [matches, setMatches] = useState<Customer[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();
  const navigate = useNavigate();
  const set = (field: FieldName, value: string) => setValues((v) => ({ ...v, [field]: value }));

  useEffect(() => {
    void api.resourceAction({ resourceId: resource.id, actionName: action.name }).then((res) => {
      const body = res.data as unknown as { choices?: Record<string, Option[]>; customFields?: FieldDefinition[] };
      setChoices(body.choices ?? {});
      setDefinitions(body.customFields ?? []);
    });
  }, [action.name]);

  // Offer the customers whose address starts with (or name contains) what was typed.
  useEffect(() => {
    const lookup = values.requesterEmail.trim();
    if (lookup.length < 2) return setMatches([]);
    const timer = setTimeout(() => {
      void api
        .resourceAction({ resourceId: resource.id, actionName: action.name, params: { lookup } })
        .then((res) => setMatches((res.data as unknown as { customers?: Customer[] }).customers ?? []));
    }, 200);
    return () => clearTimeout(timer);
  }, [values.requesterEmail]);

  const known = matches.find((c) => c.email.toLowerCase() === values.requesterEmail.trim().toLowerCase());

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const res = await api.resourceAction({
      resourceId: resource.id,
      actionName: action.name,
      method: 'post',
      data: {
        ...values,
        requesterName: known ? '' : values.requesterName,
        customFieldsJson: JSON.stringify(customValues),
      },
    });
    setBusy(false);
    const body = res.data as unknown as Answer;
    setErrors(body.errors ?? {});
    if (body.notice) addNotice(body.notice);
    if (body.redirectUrl) navigate(body.redirectUrl);
  };

  const select = (field: FieldName, label: string, clearable: boolean) => (
    <FormGroup error={Boolean(errors[field])}>
      <Label htmlFor={`field-${field}`}>{label}</Label>
      <Select
        inputId={`field-${field}`}
        options={choices[field] ?? []}
        value={(choices[field] ?? []).find((o) => o.value === values[field]) ?? null}
        onChange={(selected: Option | null) => set(field, selected?.value ?? '')}
        isClearable={clearable}
      />
      <FieldError field={field} errors={errors} />
    </FormGroup>
  );
  const input = (field: FieldName, label: string, extra: Record<string, unknown> = {}) => (
    <FormGroup error={Boolean(errors[field])}>
      <Label htmlFor={`field-${field}`}>{label}</Label>
      <Input
        id={`field-${field}`}
        name={field}
        width="100%"
        value={values[field]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(field, e.target.value)}
        {...extra}
      />
      <FieldError field={field} errors={errors} />
    </FormGroup>
  );

  return (
    // noValidate: the domain schema's messages, under each field, rather than the browser's own bubbles.
    <Box as="form" noValidate onSubmit={submit} variant="container" data-testid="ticket-for-customer">
      <Text mb="lg">
        Raise a ticket for a customer who called or came by. They get the usual e-mail with their link.
      </Text>
      {input('requesterEmail', "Customer's e-mail", { type: 'email', list: 'requester-matches', autoComplete: 'off' })}
      <datalist id="requester-matches">
        {matches.map((c) => (
          <option key={c.id} value={c.email}>
            {`${c.name}${c.organizationName ? ` · ${c.organizationName}` : ''}${c.guest ? ' (guest)' : ''}`}
          </option>
        ))}
      </datalist>
      {known ? (
        <MessageBox
          variant="info"
          mb="lg"
          data-testid="requester-known"
          message={`Existing customer: ${known.name}${known.organizationName ? ` (${known.organizationName})` : ''}`}
        />
      ) : (
        input('requesterName', "Customer's name (for someone without an account: they become a guest)")
      )}
      {select('channel', 'How they reached you', false)}
      {input('title', 'Title')}
      <FormGroup error={Boolean(errors.description)}>
        <Label htmlFor="field-description">Description</Label>
        <TextArea
          id="field-description"
          name="description"
          width="100%"
          rows={6}
          value={values.description}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('description', e.target.value)}
        />
        <FieldError field="description" errors={errors} />
      </FormGroup>
      {select('priority', 'Priority', false)}
      {select('teamId', 'Team (optional: the assignment rules choose)', true)}
      {select('assigneeId', 'Assignee (optional: the team’s strategy chooses)', true)}
      {input('tags', 'Tags (optional, comma-separated)')}
      <CustomFieldInputs
        definitions={definitions}
        values={customValues}
        errors={Object.fromEntries(definitions.map((d) => [d.key, errors[`customFields.${d.key}`]]))}
        onChange={(key, value) => setCustomValues((v) => ({ ...v, [key]: value }))}
      />
      <FieldError field="customFields" errors={errors} />
      {errors.form && <MessageBox variant="danger" message={errors.form} mb="lg" />}
      <Button type="submit" variant="contained" disabled={busy} data-testid="ticket-for-customer-submit">
        Create ticket
      </Button>
    </Box>
  );
};

export default TicketForCustomer;
