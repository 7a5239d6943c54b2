import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Select, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import CustomFieldInputs, { type FieldDefinition, type FieldValue } from './custom-field-inputs.js';
import { apiUpload } from './same-origin-api.js';

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
  // Files to attach once the ticket exists (through the API's upload, with its size and type checks).
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
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
    const body = res.data as unknown as Answer;
    setErrors(body.errors ?? {});
    if (body.notice) addNotice(body.notice);
    const ticketId = /\/records\/(\d+)\//.exec(body.redirectUrl ?? '')?.[1];
    if (ticketId) await attach(Number(ticketId));
    setBusy(false);
    if (body.redirectUrl) navigate(body.redirectUrl);
  };

  // One file after another, each told apart in the notice when refused; the ticket stands either way.
  const attach = async (ticketId: number) => {
    const refused: string[] = [];
    for (const [i, file] of files.entries()) {
      setProgress(`Attaching ${file.name} (${i + 1} of ${files.length})…`);
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        await apiUpload(`/api/tickets/${ticketId}/attachments`, form);
      } catch (error) {
        refused.push(`${file.name}: ${(error as Error).message}`);
      }
    }
    setProgress(null);
    if (refused.length)
      addNotice({
        type: 'error',
        message: `The ticket was created, but not every file was attached. ${refused.join(' ')}`,
      });
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
      <FormGroup>
        <Label htmlFor="field-attachments">Attachments (optional)</Label>
        <input
          id="field-attachments"
          type="file"
          multiple
          data-testid="ticket-for-customer-files"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
            const chosen = Array.from(e.target.files ?? []);
            setFiles((f) => [...f, ...chosen.filter((c) => !f.some((x) => x.name === c.name && x.size === c.size))]);
            e.target.value = '';
          }}
        />
        {files.length > 0 && (
          <Box as="ul" mt="sm" data-testid="ticket-for-customer-file-list">
            {files.map((file) => (
              <li key={`${file.name}:${file.size}`}>
                {`${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB) `}
                <Button
                  type="button"
                  size="sm"
                  variant="text"
                  onClick={() => setFiles((f) => f.filter((x) => x !== file))}
                  aria-label={`Remove ${file.name}`}
                >
                  Remove
                </Button>
              </li>
            ))}
          </Box>
        )}
      </FormGroup>
      {progress && (
        <Text mb="lg" data-testid="ticket-for-customer-progress">
          {progress}
        </Text>
      )}
      {errors.form && <MessageBox variant="danger" message={errors.form} mb="lg" />}
      <Button type="submit" variant="contained" disabled={busy} data-testid="ticket-for-customer-submit">
        Create ticket
      </Button>
    </Box>
  );
};

export default TicketForCustomer;
