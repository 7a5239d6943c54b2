import React, { useState } from 'react';
import { Box, Button, H5, Input, Label, MessageBox } from '@adminjs/design-system';
import { ticketPriorities } from '../../domain/ticket-priority.js';
import { ticketStatuses } from '../../domain/ticket-status.js';
import type { ViewFilters, ViewSort, ViewSummary } from '../../domain/ticket-views.js';
import { apiSend } from './same-origin-api.js';

// "Save as my view": the chosen view's filters, adjusted here, saved through POST /api/views (which
// validates them and answers which field is wrong). Filters this form does not show are kept as they were.
// On a view of one's own the same form also updates it in place (PATCH /api/views/:id): rename,
// refilter, share with a team or take it back.

type Team = { id: number; name: string };
const sortLabels: Record<ViewSort['by'], string> = {
  createdAt: 'Created',
  updatedAt: 'Last change',
  priority: 'Priority',
  slaDueAt: 'Next SLA deadline',
};
// From the labels (typed to cover every sort key) rather than the domain's list: that module brings zod into the bundle.
const sortKeys = Object.keys(sortLabels) as ViewSort['by'][];

function Checkboxes<T extends string>(props: {
  legend: string;
  testId: string;
  options: readonly T[];
  value: readonly T[] | undefined;
  onChange: (value: T[] | undefined) => void;
}) {
  const chosen = new Set(props.value ?? []);
  const toggle = (option: T) => {
    if (chosen.has(option)) chosen.delete(option);
    else chosen.add(option);
    const next = props.options.filter((o) => chosen.has(o));
    props.onChange(next.length ? next : undefined);
  };
  return (
    <fieldset data-testid={props.testId} style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o} style={{ marginRight: 12 }}>
          <input type="checkbox" checked={chosen.has(o)} onChange={() => toggle(o)} value={o} /> {o}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled native select whose test id is its id; options are [value, label] pairs. */
function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <Label htmlFor={props.id}>{props.label}</Label>
      <select
        id={props.id}
        data-testid={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        style={{ height: 38 }}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled text input whose test id is its id. */
function TextInput(props: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div>
      <Label htmlFor={props.id}>{props.label}</Label>
      <Input
        id={props.id}
        data-testid={props.id}
        value={props.value}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** The form that saves a view of one's own from `base`'s filters and sort, or updates `base` when it is one's own. */
export function ViewForm(props: {
  base: ViewSummary;
  teams: Team[];
  mayShare: boolean;
  onSaved: (view: ViewSummary) => void | Promise<void>;
}) {
  const [filters, setFilters] = useState<ViewFilters>(props.base.filters);
  const [sort, setSort] = useState<ViewSort>(props.base.sort);
  const own = props.base.kind === 'personal';
  const [name, setName] = useState(own ? props.base.name : '');
  const [shareWith, setShareWith] = useState(own ? String(props.base.sharedWithTeam?.id ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof ViewFilters>(key: K, value: ViewFilters[K] | undefined) =>
    setFilters((f) => {
      const next = { ...f };
      if (value === undefined || value === '') delete next[key];
      else next[key] = value;
      return next;
    });
  const teamOptions = props.teams.map((t) => [String(t.id), t.name] as const);
  const choice = (value: string): number | 'me' | 'none' | 'mine' | undefined =>
    value === '' ? undefined : /^\d+$/.test(value) ? Number(value) : (value as 'me' | 'none' | 'mine');

  const send = async (method: 'POST' | 'PATCH') => {
    setError(null);
    try {
      const body = { name, filters, sort, sharedWithTeamId: shareWith ? Number(shareWith) : null };
      const url = method === 'POST' ? '/api/views' : `/api/views/${props.base.id}`;
      const view = await apiSend<ViewSummary>(method, url, body);
      if (view) await props.onSaved(view);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void send('POST');
  };

  return (
    <Box as="form" mt="xl" onSubmit={save} data-testid="view-form" style={{ display: 'grid', gap: 12, maxWidth: 720 }}>
      <H5 mb="0">{own ? 'Change this view, or save it as a new one' : 'Save these filters as my view'}</H5>
      {error && <MessageBox variant="danger" message={error} data-testid="view-form-error" />}
      <Checkboxes
        legend="Status"
        testId="view-form-status"
        options={ticketStatuses}
        value={filters.status}
        onChange={(v) => set('status', v)}
      />
      <Checkboxes
        legend="Priority"
        testId="view-form-priority"
        options={ticketPriorities}
        value={filters.priority}
        onChange={(v) => set('priority', v)}
      />
      <Box flex flexDirection="row" style={{ gap: 16 }}>
        <Choice
          id="view-form-assignee"
          label="Assignee"
          value={String(filters.assigneeId ?? '')}
          options={[
            ['', 'Anyone'],
            ['me', 'Me'],
            ['none', 'Unassigned'],
          ]}
          onChange={(v) => set('assigneeId', choice(v) as ViewFilters['assigneeId'])}
        />
        <Choice
          id="view-form-team"
          label="Team"
          value={String(filters.teamId ?? '')}
          options={[['', 'Any team'], ['mine', 'My teams'], ['none', 'No team'], ...teamOptions]}
          onChange={(v) => set('teamId', choice(v) as ViewFilters['teamId'])}
        />
        <TextInput id="view-form-q" label="Text" value={filters.q ?? ''} onChange={(v) => set('q', v)} />
      </Box>
      <Box flex flexDirection="row" style={{ gap: 16 }}>
        <Choice
          id="view-form-sort"
          label="Sort by"
          value={sort.by}
          options={sortKeys.map((k) => [k, sortLabels[k]])}
          onChange={(v) => setSort({ ...sort, by: v as ViewSort['by'] })}
        />
        <Choice
          id="view-form-direction"
          label="Order"
          value={sort.direction}
          options={[
            ['asc', 'Ascending'],
            ['desc', 'Descending'],
          ]}
          onChange={(v) => setSort({ ...sort, direction: v as ViewSort['direction'] })}
        />
        <TextInput id="view-form-name" label="Name" value={name} onChange={setName} />
        {props.mayShare && (
          <Choice
            id="view-form-share"
            label="Share with team"
            value={shareWith}
            options={[['', 'Only me'], ...teamOptions]}
            onChange={setShareWith}
          />
        )}
      </Box>
      <div>
        {own && (
          <Button
            type="button"
            variant="contained"
            mr="default"
            data-testid="view-form-update"
            onClick={() => void send('PATCH')}
          >
            Update this view
          </Button>
        )}
        <Button type="submit" variant={own ? 'outlined' : 'contained'} data-testid="view-form-save">
          {own ? 'Save as a new view' : 'Save view'}
        </Button>
      </div>
    </Box>
  );
}
