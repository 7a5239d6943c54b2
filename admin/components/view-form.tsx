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
        <div>
          <Label htmlFor="view-form-assignee">Assignee</Label>
          <select
            id="view-form-assignee"
            data-testid="view-form-assignee"
            value={String(filters.assigneeId ?? '')}
            onChange={(e) => set('assigneeId', choice(e.target.value) as ViewFilters['assigneeId'])}
            style={{ height: 38 }}
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
          </select>
        </div>
        <div>
          <Label htmlFor="view-form-team">Team</Label>
          <select
            id="view-form-team"
            data-testid="view-form-team"
            value={String(filters.teamId ?? '')}
            onChange={(e) => set('teamId', choice(e.target.value) as ViewFilters['teamId'])}
            style={{ height: 38 }}
          >
            <option value="">Any team</option>
            <option value="mine">My teams</option>
            <option value="none">No team</option>
            {props.teams.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor="view-form-q">Text</Label>
          <Input
            id="view-form-q"
            data-testid="view-form-q"
            value={filters.q ?? ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('q', e.target.value)}
          />
        </div>
      </Box>
      <Box flex flexDirection="row" style={{ gap: 16 }}>
        <div>
          <Label htmlFor="view-form-sort">Sort by</Label>
          <select
            id="view-form-sort"
            data-testid="view-form-sort"
            value={sort.by}
            onChange={(e) => setSort({ ...sort, by: e.target.value as ViewSort['by'] })}
            style={{ height: 38 }}
          >
            {sortKeys.map((k) => (
              <option key={k} value={k}>
                {sortLabels[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor="view-form-direction">Order</Label>
          <select
            id="view-form-direction"
            data-testid="view-form-direction"
            value={sort.direction}
            onChange={(e) => setSort({ ...sort, direction: e.target.value as ViewSort['direction'] })}
            style={{ height: 38 }}
          >
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </div>
        <div>
          <Label htmlFor="view-form-name">Name</Label>
          <Input
            id="view-form-name"
            data-testid="view-form-name"
            value={name}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)}
          />
        </div>
        {props.mayShare && (
          <div>
            <Label htmlFor="view-form-share">Share with team</Label>
            <select
              id="view-form-share"
              data-testid="view-form-share"
              value={shareWith}
              onChange={(e) => setShareWith(e.target.value)}
              style={{ height: 38 }}
            >
              <option value="">Only me</option>
              {props.teams.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
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
