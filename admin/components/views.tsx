import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Badge, Box, Button, H2, H5, MessageBox, Text } from '@adminjs/design-system';
import type { Ticket } from '../../domain/ticket.js';
import type { ViewSummary } from '../../domain/ticket-views.js';
import { ViewForm } from './view-form.js';
import { apiGet, apiSend } from './same-origin-api.js';

// The "Views" page: every view the signed-in staff member may use with its count (/api/views), the
// tickets of the chosen one (/api/tickets?view=…, its filters and sort applied by the server), and a
// form to save the chosen view's filters, adjusted, as a personal view (managers may share it).

type Team = { id: number; name: string };
type Me = { id: number; role: string };
const api = new ApiClient();
const kindLabel = { built_in: 'built-in', personal: 'mine', shared: 'shared' } as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function TicketTable({ tickets }: { tickets: Ticket[] }) {
  if (tickets.length === 0) return <Text data-testid="view-empty">No tickets in this view.</Text>;
  return (
    <table data-testid="view-tickets" style={{ width: '100%', borderCollapse: 'collapse' }}>
      <thead>
        <tr style={{ textAlign: 'left' }}>
          {['Ticket', 'Title', 'Status', 'Priority', 'Assignee', 'Team', 'First response due', 'Updated'].map((h) => (
            <th key={h} style={{ padding: 6, borderBottom: '1px solid #ccc' }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tickets.map((t) => (
          <tr key={t.id} data-testid="view-ticket">
            <td style={{ padding: 6 }}>
              <a href={`/admin/resources/tickets/records/${t.id}/show`}>{t.number}</a>
            </td>
            <td style={{ padding: 6 }}>{t.title}</td>
            <td style={{ padding: 6 }}>{t.status}</td>
            <td style={{ padding: 6 }}>{t.priority}</td>
            <td style={{ padding: 6 }}>{t.assignee?.name ?? 'Unassigned'}</td>
            <td style={{ padding: 6 }}>{t.team?.name ?? '—'}</td>
            <td style={{ padding: 6 }}>{when(t.sla.firstResponseDueAt)}</td>
            <td style={{ padding: 6 }}>{when(t.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The views page: choose a view, read its tickets, save its filters as a view of your own. */
const Views: React.FC = () => {
  const [views, setViews] = useState<ViewSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [me, setMe] = useState<Me | null>(null);
  const [chosen, setChosen] = useState<string>('my-open');
  const [page, setPage] = useState<{ viewId: string; items: Ticket[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped when the chosen view itself changed, so its tickets load again under the same id.
  const [revision, setRevision] = useState(0);

  const loadViews = useCallback(
    () =>
      apiGet<{ items: ViewSummary[] }>('/api/views').then(
        (b) => setViews(b.items),
        (e: Error) => setError(e.message),
      ),
    [],
  );
  useEffect(() => {
    // A link such as /admin/pages/views?view=all-open opens that view.
    const asked = new URLSearchParams(window.location.search).get('view');
    if (asked) setChosen(asked);
    void api.getPage({ pageName: 'views' }).then((res) => setTeams((res.data as { teams?: Team[] }).teams ?? []));
    void apiGet<Me>('/api/me').then(setMe, () => setMe(null));
    void loadViews();
  }, [loadViews]);

  useEffect(() => {
    setError(null);
    apiGet<{ items: Ticket[]; nextCursor: string | null }>(`/api/tickets?view=${encodeURIComponent(chosen)}`).then(
      (b) => setPage({ viewId: chosen, ...b }),
      (e: Error) => setError(e.message),
    );
  }, [chosen, revision]);

  const more = async () => {
    if (!page?.nextCursor) return;
    const b = await apiGet<{ items: Ticket[]; nextCursor: string | null }>(
      `/api/tickets?view=${encodeURIComponent(chosen)}&cursor=${encodeURIComponent(page.nextCursor)}`,
    );
    setPage({ viewId: chosen, items: [...page.items, ...b.items], nextCursor: b.nextCursor });
  };
  const saved = async (view: ViewSummary) => {
    setNotice(`Saved "${view.name}" (${view.count} tickets).`);
    await loadViews();
    setChosen(view.id);
    setRevision((r) => r + 1);
  };
  const remove = async (view: ViewSummary) => {
    try {
      await apiSend('DELETE', `/api/views/${view.id}`);
      setNotice(`Deleted "${view.name}".`);
      setChosen('my-open');
      await loadViews();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const current = views.find((v) => v.id === chosen);
  const tickets = page?.viewId === chosen ? page : null;
  return (
    <Box variant="container" data-testid="views">
      <H2>Ticket views</H2>
      <Box flex flexDirection="row" style={{ gap: 24 }}>
        <Box as="nav" aria-label="Views" style={{ minWidth: 260 }}>
          {views.map((v) => (
            <Box key={v.id} flex flexDirection="row" alignItems="center" mb="sm" style={{ gap: 8 }}>
              <Button
                type="button"
                size="sm"
                variant={v.id === chosen ? 'contained' : 'text'}
                aria-current={v.id === chosen ? 'page' : undefined}
                data-testid={`view-${v.id}`}
                onClick={() => setChosen(v.id)}
                style={{ flex: 1, display: 'flex', justifyContent: 'space-between', gap: 8, textAlign: 'left' }}
              >
                <span>{v.name}</span>
                <Badge size="sm" data-testid={`view-count-${v.id}`}>
                  {v.count}
                </Badge>
              </Button>
              {v.kind !== 'built_in' && <Text size="sm">{kindLabel[v.kind]}</Text>}
            </Box>
          ))}
        </Box>
        <Box style={{ flex: 1 }}>
          {notice && <MessageBox variant="success" message={notice} mb="lg" data-testid="view-notice" />}
          {error && <MessageBox variant="danger" message={error} mb="lg" data-testid="view-error" />}
          {current && (
            <Box flex flexDirection="row" alignItems="center" mb="default" style={{ gap: 12 }}>
              <H5 mb="0" data-testid="view-title">{`${current.name} · ${current.count} tickets`}</H5>
              {current.sharedWithTeam && <Text size="sm">{`shared with ${current.sharedWithTeam.name}`}</Text>}
              {current.kind === 'personal' && (
                <Button
                  type="button"
                  size="sm"
                  variant="outlined"
                  data-testid="view-delete"
                  onClick={() => remove(current)}
                >
                  Delete view
                </Button>
              )}
            </Box>
          )}
          {!tickets && !error && <Text>Loading…</Text>}
          {tickets && <TicketTable tickets={tickets.items} />}
          {tickets?.nextCursor && (
            <Button type="button" size="sm" mt="default" onClick={() => void more()} data-testid="view-more">
              More tickets
            </Button>
          )}
          {current && (
            <ViewForm
              key={`${current.id}:${revision}`}
              base={current}
              teams={teams}
              mayShare={me?.role === 'manager' || me?.role === 'admin'}
              onSaved={saved}
            />
          )}
        </Box>
      </Box>
    </Box>
  );
};
export default Views;
