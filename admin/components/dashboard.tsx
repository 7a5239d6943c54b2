import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H5, Text } from '@adminjs/design-system';

interface Figures {
  openByStatusAndPriority: { status: string; priority: string; count: number }[];
  slaComplianceByWeek: {
    week: string;
    firstResponseMet: number;
    firstResponseDecided: number;
    resolutionMet: number;
    resolutionDecided: number;
  }[];
  breachesByTeam: { team: string; count: number }[];
  agentLoad: { userId: number; name: string; openTickets: number; capacity: number | null }[];
  /** The signed-in staff member's latest mentions in internal notes, newest first. */
  mentions: {
    ticketId: number;
    number: string;
    title: string;
    messageId: number | null;
    subject: string | null;
    at: string;
  }[];
}

const api = new ApiClient();
const colors: Record<string, string> = { low: '#9aa5b1', normal: '#4268f6', high: '#f0a500', urgent: '#e0464c' };

/** One horizontal bar per row, scaled to the largest value; a plain-HTML chart needs no chart library. */
function Bars({
  rows,
  max,
  testId,
}: {
  rows: { label: string; value: number; color?: string; note?: string }[];
  max: number;
  testId: string;
}) {
  return (
    <Box data-testid={testId}>
      {rows.map((r) => (
        <Box key={r.label} flex flexDirection="row" alignItems="center" mb="sm">
          <Text style={{ width: 160 }}>{r.label}</Text>
          <div
            style={{
              height: 16,
              width: `${max > 0 ? Math.max(2, (r.value / max) * 60) : 2}%`,
              background: r.color ?? '#4268f6',
              borderRadius: 3,
            }}
          />
          <Text ml="default">{r.note ?? String(r.value)}</Text>
        </Box>
      ))}
      {rows.length === 0 && <Text>Nothing yet.</Text>}
    </Box>
  );
}

const percent = (met: number, decided: number) => (decided === 0 ? 0 : Math.round((met / decided) * 100));

/** The dashboard: open work by status and priority, SLA compliance per week, breaches per team, agent load. */
const Dashboard: React.FC = () => {
  const [figures, setFigures] = useState<Figures | null>(null);
  useEffect(() => {
    void api.getDashboard().then((res) => setFigures(res.data as unknown as Figures));
  }, []);
  if (!figures)
    return (
      <Box variant="container">
        <Text>Loading…</Text>
      </Box>
    );

  const statuses = [...new Set(figures.openByStatusAndPriority.map((r) => r.status))];
  const byStatus = statuses.map((status) => {
    const rows = figures.openByStatusAndPriority.filter((r) => r.status === status);
    return { status, total: rows.reduce((n, r) => n + r.count, 0), rows };
  });
  const maxStatus = Math.max(0, ...byStatus.map((s) => s.total));
  return (
    <Box variant="container" data-testid="dashboard">
      <H2>Back office dashboard</H2>
      <Box mb="xl" data-testid="mentions">
        <H5>Mentions of you</H5>
        {figures.mentions.map((m) => (
          <Text key={`${m.ticketId}:${m.messageId ?? ''}`} mb="sm">
            <a
              href={`/admin/resources/tickets/records/${m.ticketId}/show${m.messageId ? `#message-${m.messageId}` : ''}`}
              data-testid="mention-link"
            >
              {m.subject ?? `${m.number} · ${m.title}`}
            </a>
            {` · ${new Date(m.at).toLocaleString()}`}
          </Text>
        ))}
        {figures.mentions.length === 0 && <Text>No one has mentioned you in a note yet.</Text>}
      </Box>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 32 }}>
        <Box style={{ minWidth: 420 }}>
          <H5>Open tickets by status and priority</H5>
          <Box data-testid="open-by-status">
            {byStatus.map((s) => (
              <Box key={s.status} flex flexDirection="row" alignItems="center" mb="sm">
                <Text style={{ width: 100 }}>{s.status.replace('_', ' ')}</Text>
                <div style={{ display: 'flex', width: `${maxStatus ? (s.total / maxStatus) * 60 : 0}%` }}>
                  {s.rows.map((r) => (
                    <div
                      key={r.priority}
                      title={`${r.priority}: ${r.count}`}
                      style={{ flex: r.count, height: 16, background: colors[r.priority] }}
                    />
                  ))}
                </div>
                <Text ml="default">{`${s.total} (${s.rows.map((r) => `${r.priority} ${r.count}`).join(', ')})`}</Text>
              </Box>
            ))}
          </Box>
        </Box>
        <Box style={{ minWidth: 420 }}>
          <H5>SLA compliance by week (first response / resolution)</H5>
          <Bars
            testId="sla-compliance"
            max={100}
            rows={figures.slaComplianceByWeek.flatMap((w) => [
              {
                label: `${w.week} first response`,
                value: percent(w.firstResponseMet, w.firstResponseDecided),
                note: `${percent(w.firstResponseMet, w.firstResponseDecided)}% of ${w.firstResponseDecided}`,
              },
              {
                label: `${w.week} resolution`,
                value: percent(w.resolutionMet, w.resolutionDecided),
                color: '#38a169',
                note: `${percent(w.resolutionMet, w.resolutionDecided)}% of ${w.resolutionDecided}`,
              },
            ])}
          />
        </Box>
        <Box style={{ minWidth: 420 }}>
          <H5>SLA breaches by team</H5>
          <Bars
            testId="breaches-by-team"
            max={Math.max(0, ...figures.breachesByTeam.map((b) => b.count))}
            rows={figures.breachesByTeam.map((b) => ({ label: b.team, value: b.count, color: '#e0464c' }))}
          />
        </Box>
        <Box style={{ minWidth: 420 }}>
          <H5>Agent load (open tickets / capacity)</H5>
          <Bars
            testId="agent-load"
            max={Math.max(1, ...figures.agentLoad.map((a) => Math.max(a.openTickets, a.capacity ?? 0)))}
            rows={figures.agentLoad.map((a) => ({
              label: a.name,
              value: a.openTickets,
              note: `${a.openTickets} / ${a.capacity ?? '—'}`,
            }))}
          />
        </Box>
      </Box>
    </Box>
  );
};

export default Dashboard;
