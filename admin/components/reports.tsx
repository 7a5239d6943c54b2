import React, { useEffect, useMemo, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, H5, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { BarList, ColumnChart, FigureTable } from './report-charts.js';
import { apiGet } from './same-origin-api.js';

// The managers' reports page (AdminJS page "reports"): the figures come from /api/reports/<name>,
// which checks the role; the CSV link downloads the same report streamed from the database.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- report JSON from /api/reports, shaped by domain/report schemas server-side
type Any = Record<string, any>;
type ReportInfo = { name: string; title: string; description: string };
const api = new ApiClient();

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const duration = (seconds: number | null) => {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.round((hours / 24) * 10) / 10} days`;
};
const teamName = (r: Any) => r.team ?? 'No team';

function TicketVolume({ data }: { data: Any }) {
  return (
    <>
      <Text
        mb="default"
        data-testid="report-totals"
      >{`${data.totals.created} created · ${data.totals.solved} solved`}</Text>
      <ColumnChart
        title="Tickets created and solved per day"
        testId="chart-volume"
        labels={data.byDay.map((d: Any) => d.day)}
        series={[
          { name: 'created', values: data.byDay.map((d: Any) => d.created) },
          { name: 'solved', values: data.byDay.map((d: Any) => d.solved) },
        ]}
      />
      <H5>By channel</H5>
      <FigureTable
        testId="by-channel"
        head={['Channel', 'Created', 'Solved']}
        rows={data.byChannel.map((r: Any) => [r.channel, r.created, r.solved])}
      />
      <H5>By team</H5>
      <FigureTable
        testId="by-team"
        head={['Team', 'Created', 'Solved']}
        rows={data.byTeam.map((r: Any) => [teamName(r), r.created, r.solved])}
      />
      <H5>By priority</H5>
      <FigureTable
        testId="by-priority"
        head={['Priority', 'Created', 'Solved']}
        rows={data.byPriority.map((r: Any) => [r.priority, r.created, r.solved])}
      />
    </>
  );
}

function Durations({ title, data, testId }: { title: string; data: Any; testId: string }) {
  const row = (label: string, s: Any) => [label, s.count, duration(s.medianSeconds), duration(s.p90Seconds)];
  return (
    <>
      <H5>{title}</H5>
      <FigureTable
        testId={testId}
        head={['', 'Tickets', 'Median', '90th percentile']}
        rows={[
          row('All', data.overall),
          ...data.byTeam.map((r: Any) => row(teamName(r), r)),
          ...data.byPriority.map((r: Any) => row(`Priority ${r.priority}`, r)),
        ]}
      />
    </>
  );
}

function Compliance({ data }: { data: Any }) {
  const row = (label: string, r: Any) => [
    label,
    `${r.firstResponse.met} / ${r.firstResponse.met + r.firstResponse.breached}`,
    percent(r.firstResponse.rate),
    `${r.resolution.met} / ${r.resolution.met + r.resolution.breached}`,
    percent(r.resolution.rate),
  ];
  const head = ['', 'First response met', '%', 'Resolution met', '%'];
  return (
    <>
      <FigureTable testId="sla-overall" head={head} rows={[row('All', data.overall)]} />
      <H5>By policy</H5>
      <FigureTable testId="sla-by-policy" head={head} rows={data.byPolicy.map((r: Any) => row(r.policy, r))} />
      <H5>By team</H5>
      <FigureTable testId="sla-by-team" head={head} rows={data.byTeam.map((r: Any) => row(teamName(r), r))} />
      <H5>By agent</H5>
      <FigureTable
        testId="sla-by-agent"
        head={head}
        rows={data.byAgent.map((r: Any) => row(r.agent ?? 'Unassigned', r))}
      />
    </>
  );
}

function Backlog({ data }: { data: Any }) {
  return (
    <>
      <Text
        mb="default"
        data-testid="report-totals"
      >{`${data.total} open at ${new Date(data.asOf).toLocaleString()} · median age ${duration(data.medianAgeSeconds)}`}</Text>
      <BarList testId="backlog-buckets" rows={data.buckets.map((b: Any) => ({ label: b.bucket, value: b.count }))} />
      <H5>By team</H5>
      <FigureTable
        testId="backlog-by-team"
        head={['Team', 'Open', 'Median age']}
        rows={data.byTeam.map((r: Any) => [teamName(r), r.count, duration(r.medianAgeSeconds)])}
      />
      <H5>By status and priority</H5>
      <FigureTable
        testId="backlog-by-status"
        head={['Status or priority', 'Open']}
        rows={[
          ...data.byStatus.map((r: Any) => [r.status, r.count]),
          ...data.byPriority.map((r: Any) => [`priority ${r.priority}`, r.count]),
        ]}
      />
    </>
  );
}

function Reopens({ data }: { data: Any }) {
  return (
    <>
      <Text
        mb="default"
        data-testid="report-totals"
      >{`${data.reopened} of ${data.solved} solved tickets reopened (${percent(data.rate)})`}</Text>
      <FigureTable
        testId="reopen-by-team"
        head={['Team', 'Solved', 'Reopened', 'Rate']}
        rows={data.byTeam.map((r: Any) => [teamName(r), r.solved, r.reopened, percent(r.rate)])}
      />
    </>
  );
}

function Csat({ data }: { data: Any }) {
  const row = (label: string, r: Any) => [
    label,
    r.count,
    r.average === null ? '—' : r.average.toFixed(2),
    percent(r.satisfiedRate),
  ];
  return (
    <>
      <Text
        mb="default"
        data-testid="report-totals"
      >{`${data.count} ratings · average ${data.average === null ? '—' : data.average.toFixed(2)} · ${percent(data.satisfiedRate)} satisfied (4–5)`}</Text>
      <BarList
        testId="csat-distribution"
        rows={data.distribution.map((d: Any) => ({ label: `${d.score} ★`, value: d.count }))}
      />
      <H5>By agent</H5>
      <FigureTable
        testId="csat-by-agent"
        head={['Agent', 'Ratings', 'Average', 'Satisfied']}
        rows={data.byAgent.map((r: Any) => row(r.agent ?? 'Unassigned', r))}
      />
      <H5>By team</H5>
      <FigureTable
        testId="csat-by-team"
        head={['Team', 'Ratings', 'Average', 'Satisfied']}
        rows={data.byTeam.map((r: Any) => row(teamName(r), r))}
      />
      <H5>Latest comments</H5>
      <FigureTable
        testId="csat-comments"
        head={['Ticket', 'Score', 'Comment', 'Agent']}
        rows={data.comments.map((c: Any) => [c.ticketNumber, c.score, c.comment, c.agent ?? '—'])}
      />
    </>
  );
}

function Deflection({ data }: { data: Any }) {
  const s = data.sessions;
  return (
    <>
      <Text
        mb="default"
        data-testid="report-totals"
      >{`Deflection rate ${percent(s.rate)}: ${s.solved} of ${s.shown} form visits with suggestions ended without a ticket (${s.opened} opened an article)`}</Text>
      <Text mb="default">The team filter does not apply: no ticket, no team.</Text>
      <FigureTable
        testId="deflection-by-channel"
        head={['Form', 'Shown', 'Opened', 'Solved', 'Rate']}
        rows={data.byChannel.map((r: Any) => [r.channel, r.shown, r.opened, r.solved, percent(r.rate)])}
      />
      <H5>By article</H5>
      <FigureTable
        testId="deflection-by-article"
        head={['Article', 'Shown', 'Opened', 'Solved']}
        rows={data.byArticle.map((r: Any) => [r.title, r.shown, r.opened, r.solved])}
      />
    </>
  );
}

function Figures({ name, data }: { name: string; data: Any }) {
  switch (name) {
    case 'ticket-volume':
      return <TicketVolume data={data} />;
    case 'response-times':
      return (
        <>
          <Durations title="First response (business time)" data={data.firstResponse} testId="first-response" />
          <Durations title="Resolution (business time)" data={data.resolution} testId="resolution" />
        </>
      );
    case 'sla-compliance':
      return <Compliance data={data} />;
    case 'backlog-age':
      return <Backlog data={data} />;
    case 'reopen-rate':
      return <Reopens data={data} />;
    case 'csat':
      return <Csat data={data} />;
    case 'deflection':
      return <Deflection data={data} />;
    default:
      return <pre>{JSON.stringify(data, null, 2)}</pre>;
  }
}

/** The reports page: choose a report, days and team; read the charts and tables; download the CSV. */
const Reports: React.FC = () => {
  const [reports, setReports] = useState<ReportInfo[]>([]);
  const [teams, setTeams] = useState<{ id: number; name: string }[]>([]);
  const [name, setName] = useState('ticket-volume');
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(new Date()));
  const [teamId, setTeamId] = useState('');
  // The figures with the report and query they answer: after a switch, the previous report's figures
  // must never be drawn as the new one's (the request is still under way).
  const [loaded, setLoaded] = useState<{ key: string; data: Any } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const query = useMemo(
    () => new URLSearchParams({ from, to, timezone, ...(teamId ? { teamId } : {}) }).toString(),
    [from, to, teamId, timezone],
  );

  useEffect(() => {
    void api
      .getPage({ pageName: 'reports' })
      .then((res) => setTeams((res.data as unknown as { teams: { id: number; name: string }[] }).teams ?? []));
    apiGet<{ items: ReportInfo[] }>('/api/reports').then(
      (body) => setReports(body.items),
      (e: Error) => setError(e.message),
    );
  }, []);

  const key = `${name}?${query}`;
  useEffect(() => {
    setError(null);
    apiGet<Any>(`/api/reports/${key}`).then(
      (data) => setLoaded({ key, data }),
      (e: Error) => setError(e.message),
    );
  }, [key]);
  const data = loaded?.key === key ? loaded.data : null;

  const current = reports.find((r) => r.name === name);
  return (
    <Box variant="container" data-testid="reports">
      <H2>Reports</H2>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8 }} mb="lg" role="tablist" aria-label="Reports">
        {reports.map((r) => (
          <Button
            key={r.name}
            type="button"
            role="tab"
            aria-selected={r.name === name}
            variant={r.name === name ? 'contained' : 'outlined'}
            size="sm"
            data-testid={`report-${r.name}`}
            onClick={() => setName(r.name)}
          >
            {r.title}
          </Button>
        ))}
      </Box>
      <Box
        as="form"
        flex
        flexDirection="row"
        flexWrap="wrap"
        alignItems="flex-end"
        style={{ gap: 16 }}
        mb="lg"
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
      >
        <div>
          <Label htmlFor="report-from">From</Label>
          <Input
            id="report-from"
            type="date"
            value={from}
            max={to}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)}
            data-testid="report-from"
          />
        </div>
        <div>
          <Label htmlFor="report-to">To</Label>
          <Input
            id="report-to"
            type="date"
            value={to}
            min={from}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)}
            data-testid="report-to"
          />
        </div>
        <div>
          <Label htmlFor="report-team">Team</Label>
          <select
            id="report-team"
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="report-team"
            style={{ height: 38 }}
          >
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <a href={`/api/reports/${name}.csv?${query}`} download data-testid="report-csv">
          Download CSV
        </a>
      </Box>
      {current && <Text mb="lg">{`${current.title}: ${current.description} · ${from} to ${to} (${timezone})`}</Text>}
      {error && <MessageBox variant="danger" message={error} mb="lg" data-testid="report-error" />}
      {!data && !error && <Text>Loading…</Text>}
      {data && (
        <Box data-testid={`figures-${name}`}>
          <Figures name={name} data={data} />
        </Box>
      )}
    </Box>
  );
};

export default Reports;
