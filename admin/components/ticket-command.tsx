import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Label, MessageBox, Select, TextArea, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

type Option = { value: string; label: string };
type Field = 'assigneeId' | 'teamId' | 'priority' | 'status' | 'body';
type Result = { id: string; number: string; ok: boolean; message: string };

const labels: Record<Field, string> = { assigneeId: 'Assignee', teamId: 'Team (optional)', priority: 'Priority', status: 'Status', body: 'Message' };
const api = new ApiClient();

/** The form of every ticket lifecycle action, one ticket or many: its fields come from the action's `custom`. */
const TicketCommand: React.FC<ActionProps> = ({ action, resource, record, records }) => {
  const fields = (action.custom?.fields ?? []) as Field[];
  const bulk = Boolean(action.custom?.bulk);
  const [choices, setChoices] = useState<Record<string, Option[]>>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();
  const navigate = useNavigate();
  const recordIds = (records ?? []).map((r) => r.id);

  useEffect(() => {
    const load = bulk
      ? api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name })
      : api.recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: action.name });
    void load.then((res) => setChoices(((res.data as unknown as { choices?: Record<string, Option[]> }).choices) ?? {}));
  }, [action.name, record?.id]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const data = Object.fromEntries(fields.map((f) => [f, values[f] ?? '']));
    const res = bulk
      ? await api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name, method: 'post', data })
      : await api.recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: action.name, method: 'post', data });
    setBusy(false);
    const body = res.data as unknown as { notice?: { message: string; type: 'success' | 'error' }; outcome?: { ok: boolean; message?: string }; results?: Result[]; redirectUrl?: string };
    if (body.notice) addNotice(body.notice);
    if (body.results) setResults(body.results);
    if (body.outcome && !body.outcome.ok) setError(body.outcome.message ?? 'Refused.');
    if (body.redirectUrl) navigate(body.redirectUrl);
  };

  const title = bulk ? `${recordIds.length} ticket(s)` : `${String(record?.params.number ?? '')} · ${String(record?.params.title ?? '')}`;
  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid={`command-${action.name}`}>
      <Text mb="lg">{title}</Text>
      {fields.map((field) => (
        <FormGroup key={field}>
          <Label htmlFor={`field-${field}`}>{labels[field]}</Label>
          {field === 'body' ? (
            <TextArea id="field-body" name="body" width="100%" rows={6} value={values.body ?? ''} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setValues({ ...values, body: e.target.value })} />
          ) : (
            <Select
              inputId={`field-${field}`}
              options={choices[field] ?? []}
              value={(choices[field] ?? []).find((o) => o.value === values[field]) ?? null}
              onChange={(selected: Option | null) => setValues({ ...values, [field]: selected?.value ?? '' })}
              isClearable={field === 'teamId'}
            />
          )}
        </FormGroup>
      ))}
      {error && <MessageBox variant="danger" message={error} mb="lg" data-testid="command-error" />}
      {results && (
        <Box as="ul" mb="lg" data-testid="bulk-results">
          {results.map((r) => (
            <li key={r.id}>
              <Text color={r.ok ? 'success' : 'error'}>{`${r.number}: ${r.ok ? r.message : `refused — ${r.message}`}`}</Text>
            </li>
          ))}
        </Box>
      )}
      <Button type="submit" variant="contained" disabled={busy} data-testid="command-submit">
        {String(action.custom?.submitLabel ?? 'Save')}
      </Button>
    </Box>
  );
};

export default TicketCommand;
