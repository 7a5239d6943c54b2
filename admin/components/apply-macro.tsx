import React, { useEffect, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Label, MessageBox, Select, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

type Option = { value: string; label: string };
type Result = { id: string; number: string; ok: boolean; message: string };
type Preview = { ticketNumber: string; body: string | null; internal: boolean; actions: string[] };
const api = new ApiClient();

/**
 * "Apply macro", on one ticket or a selection: pick a macro, read the reply it would post (rendered
 * for the first ticket), apply. The preview is a GET of the action; only the button's POST applies.
 */
const ApplyMacro: React.FC<ActionProps> = ({ action, resource, record, records }) => {
  const bulk = Boolean(action.custom?.bulk);
  const recordIds = (records ?? []).map((r) => r.id);
  const [macros, setMacros] = useState<Option[]>([]);
  const [macroId, setMacroId] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();
  const navigate = useNavigate();

  // Previews go through the one-ticket action: bulk GETs carry only the selection in their query.
  const load = (chosen: string) =>
    api.recordAction({
      resourceId: resource.id,
      recordId: record?.id ?? recordIds[0] ?? '',
      actionName: 'applyMacro',
      ...(chosen ? { params: { macroId: chosen } } : {}),
    });

  useEffect(() => {
    void load('').then((res) => setMacros((res.data as { choices?: { macroId?: Option[] } }).choices?.macroId ?? []));
  }, [action.name, record?.id]);

  const choose = (selected: Option | null) => {
    const chosen = selected?.value ?? '';
    setMacroId(chosen);
    setPreview(null);
    if (chosen) void load(chosen).then((res) => setPreview((res.data as { preview?: Preview }).preview ?? null));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const data = { macroId };
    const res = bulk
      ? await api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name, method: 'post', data })
      : await api.recordAction({
          resourceId: resource.id,
          recordId: record?.id ?? '',
          actionName: action.name,
          method: 'post',
          data,
        });
    setBusy(false);
    const body = res.data as unknown as {
      notice?: { message: string; type: 'success' | 'error' };
      outcome?: { ok: boolean; message?: string };
      results?: Result[];
      redirectUrl?: string;
    };
    if (body.notice) addNotice(body.notice);
    if (body.results) setResults(body.results);
    if (body.outcome && !body.outcome.ok) setError(body.outcome.message ?? 'Refused.');
    if (body.redirectUrl) navigate(body.redirectUrl);
  };

  const title = bulk
    ? `${recordIds.length} ticket(s)`
    : `${String(record?.params.number ?? '')} · ${String(record?.params.title ?? '')}`;
  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid={`command-${action.name}`}>
      <Text mb="lg">{title}</Text>
      <FormGroup>
        <Label htmlFor="field-macroId">Macro</Label>
        <Select
          inputId="field-macroId"
          options={macros}
          value={macros.find((o) => o.value === macroId) ?? null}
          onChange={choose}
        />
        {macros.length === 0 && (
          <Text mt="default">No active macros yet: managers add them under Tickets › Macros.</Text>
        )}
      </FormGroup>
      {preview && (
        <Box mb="lg" data-testid="macro-preview">
          <Label>
            {preview.body === null
              ? 'This macro posts no reply; it only changes the ticket.'
              : `${preview.internal ? 'Internal note' : 'Reply'} as ${preview.ticketNumber} will get it${bulk ? ' (each ticket gets its own)' : ''}:`}
          </Label>
          {preview.body !== null && (
            <Box p="default" bg="grey20" style={{ whiteSpace: 'pre-wrap' }} data-testid="macro-preview-body">
              {preview.body}
            </Box>
          )}
          {preview.actions.length > 0 && (
            <Box as="ul" mt="default" data-testid="macro-preview-actions">
              {preview.actions.map((a) => (
                <li key={a}>
                  <Text>{a}</Text>
                </li>
              ))}
            </Box>
          )}
        </Box>
      )}
      {error && <MessageBox variant="danger" message={error} mb="lg" data-testid="command-error" />}
      {results && (
        <Box as="ul" mb="lg" data-testid="bulk-results">
          {results.map((r) => (
            <li key={r.id}>
              <Text
                color={r.ok ? 'success' : 'error'}
              >{`${r.number}: ${r.ok ? r.message : `refused — ${r.message}`}`}</Text>
            </li>
          ))}
        </Box>
      )}
      <Button type="submit" variant="contained" disabled={busy || !macroId} data-testid="command-submit">
        {bulk ? 'Apply to selected' : 'Apply macro'}
      </Button>
    </Box>
  );
};

export default ApplyMacro;
