import React, { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Select, TextArea, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import ArticleLinkPicker from './article-link-picker.js';
import { MentionSuggestions } from './mention-suggestions.js';
import { insertMention, matchMentionables, mentionAt, type Mentionable } from './mention-typing.js';
import TicketPresenceBar from './ticket-presence.js';
import { useTicketPresence } from './ticket-presence-hook.js';

type Option = { value: string; label: string };
type Field = 'assigneeId' | 'teamId' | 'priority' | 'status' | 'body' | 'into';
type Result = { id: string; number: string; ok: boolean; message: string };
/** Where the ticket stood when the form opened (tickets/reply-freshness.ts). */
type Mark = { version: number; lastMessageId: number };
type NewMessage = { id: number; author: { name: string } | null; body: string; internal: boolean };

const labels: Record<Field, string> = {
  assigneeId: 'Assignee',
  teamId: 'Team (optional)',
  priority: 'Priority',
  status: 'Status',
  body: 'Message',
  into: 'Merge into ticket number (e.g. TF-1002)',
};
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
  const [mark, setMark] = useState<Mark | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [staleWarning, setStaleWarning] = useState<string | null>(null);
  const [newMessages, setNewMessages] = useState<NewMessage[]>([]);
  const presence = useTicketPresence(!bulk && record?.id ? Number(record.id) : null);
  const [mentionables, setMentionables] = useState<Mentionable[]>([]);
  // Where the body's caret is and which suggestion is highlighted, while an `@handle` is being typed.
  const [caret, setCaret] = useState(0);
  const [activeSuggestion, setActiveSuggestion] = useState(0);
  const typing = action.custom?.mentions ? mentionAt(values.body ?? '', caret) : null;
  const suggestions = typing ? matchMentionables(mentionables, typing.typed) : [];
  const chooseMention = (handle: string) => {
    const next = insertMention(values.body ?? '', caret, handle);
    setValues((v) => ({ ...v, body: next.text }));
    setCaret(next.caret);
    setActiveSuggestion(0);
    placeCaret.current = next.caret;
  };
  // After the chosen handle is in the text box (before the next key reaches it), the caret goes right after it.
  const placeCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (placeCaret.current === null) return;
    const box = document.getElementById('field-body') as HTMLTextAreaElement | null;
    box?.focus();
    box?.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  });
  const suggestionKeys = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : suggestions.length - 1;
      setActiveSuggestion((i) => (i + step) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      chooseMention(suggestions[Math.min(activeSuggestion, suggestions.length - 1)]!.handle);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setCaret(-1);
    }
  };

  const load = async () => {
    const res = bulk
      ? await api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name })
      : await api.recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: action.name });
    const body = res.data as unknown as {
      choices?: Record<string, Option[]>;
      mark?: Mark | null;
      mentionables?: Mentionable[];
    };
    setChoices(body.choices ?? {});
    setMentionables(body.mentionables ?? []);
    setMark(body.mark ?? null);
    setLoaded(true);
  };
  useEffect(() => {
    void load();
  }, [action.name, record?.id]);

  // "Reload": take the ticket as it is now (the next send checks against that) and show what came
  // in since the form opened, keeping the draft.
  const reload = async () => {
    const seen = mark;
    setStaleWarning(null);
    await load();
    const res = await api.recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: 'overview' });
    const messages = (res.data as unknown as { overview?: { messages: NewMessage[] } }).overview?.messages ?? [];
    setNewMessages(messages.filter((m) => m.id > (seen?.lastMessageId ?? 0)));
  };

  const send = async (anyway: boolean) => {
    setBusy(true);
    setError(null);
    setStaleWarning(null);
    const data: Record<string, string> = Object.fromEntries(fields.map((f) => [f, values[f] ?? '']));
    if (mark && !anyway)
      Object.assign(data, { seenVersion: String(mark.version), seenMessageId: String(mark.lastMessageId) });
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
      outcome?: { ok: boolean; message?: string; stale?: boolean };
      results?: Result[];
      redirectUrl?: string;
    };
    if (body.notice) addNotice(body.notice);
    if (body.results) setResults(body.results);
    if (body.outcome?.stale) setStaleWarning(body.outcome.message ?? 'The ticket changed since you opened it.');
    else if (body.outcome && !body.outcome.ok) setError(body.outcome.message ?? 'Refused.');
    if (body.redirectUrl) navigate(body.redirectUrl);
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  const title = bulk
    ? `${recordIds.length} ticket(s)`
    : `${String(record?.params.number ?? '')} · ${String(record?.params.title ?? '')}`;
  return (
    <Box
      as="form"
      onSubmit={submit}
      variant="container"
      data-testid={`command-${action.name}`}
      data-loaded={loaded ? 'yes' : 'no'}
    >
      <Text mb="lg">{title}</Text>
      {!bulk && <TicketPresenceBar presence={presence} />}
      {newMessages.length > 0 && (
        <Box mb="lg" data-testid="new-messages">
          <Text fontWeight="bold">New since you opened this ticket:</Text>
          {newMessages.map((m) => (
            <Text key={m.id} style={{ whiteSpace: 'pre-wrap' }}>
              {`${m.author?.name ?? 'System'}${m.internal ? ' (internal note)' : ''}: ${m.body}`}
            </Text>
          ))}
        </Box>
      )}
      {Boolean(action.custom?.articleLinks) && (
        <ArticleLinkPicker
          onInsert={(link) =>
            setValues((v) => ({ ...v, body: v.body ? `${v.body.replace(/\s+$/, '')}\n\n${link}` : link }))
          }
        />
      )}
      {fields.map((field) => (
        <FormGroup key={field}>
          <Label htmlFor={`field-${field}`}>{labels[field]}</Label>
          {field === 'body' ? (
            <>
              <TextArea
                id="field-body"
                name="body"
                width="100%"
                rows={6}
                value={values.body ?? ''}
                aria-autocomplete={action.custom?.mentions ? 'list' : undefined}
                aria-controls={suggestions.length ? 'mention-suggestions' : undefined}
                aria-activedescendant={
                  suggestions.length
                    ? `mention-option-${suggestions[Math.min(activeSuggestion, suggestions.length - 1)]!.handle}`
                    : undefined
                }
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                  setValues({ ...values, body: e.target.value });
                  setCaret(e.target.selectionStart);
                  setActiveSuggestion(0);
                  presence.typed();
                }}
                onKeyDown={suggestionKeys}
                onClick={(e: React.MouseEvent<HTMLTextAreaElement>) => setCaret(e.currentTarget.selectionStart)}
              />
              <MentionSuggestions
                options={suggestions}
                active={Math.min(activeSuggestion, suggestions.length - 1)}
                onChoose={chooseMention}
              />
            </>
          ) : field === 'into' ? (
            <Input
              id="field-into"
              name="into"
              width="100%"
              value={values.into ?? ''}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, into: e.target.value })}
            />
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
      {staleWarning && (
        <Box mb="lg" data-testid="stale-warning">
          <MessageBox variant="warning" message={staleWarning} mb="default" />
          <Box flex flexDirection="row" style={{ gap: 8 }}>
            <Button type="button" variant="contained" disabled={busy} onClick={() => void send(true)}>
              Send anyway
            </Button>
            <Button type="button" variant="outlined" disabled={busy} onClick={() => void reload()}>
              Reload
            </Button>
          </Box>
        </Box>
      )}
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
      {!staleWarning && (
        <Button type="submit" variant="contained" disabled={busy} data-testid="command-submit">
          {String(action.custom?.submitLabel ?? 'Save')}
        </Button>
      )}
    </Box>
  );
};

export default TicketCommand;
