import type { Knex } from 'knex';
import { staffRoles } from '../domain/roles.js';
import { activeStatuses } from '../domain/ticket-status.js';

/** The back office dashboard's numbers, all computed in SQL. */
export interface DashboardFigures {
  /** Open tickets (new, open, pending, on hold) counted by status and priority. */
  openByStatusAndPriority: { status: string; priority: string; count: number }[];
  /** Per week of creation (Monday, UTC): how many decided SLA targets were met. */
  slaComplianceByWeek: {
    week: string;
    firstResponseMet: number;
    firstResponseDecided: number;
    resolutionMet: number;
    resolutionDecided: number;
  }[];
  /** Tickets that breached an SLA target, by team, over the weeks shown. */
  breachesByTeam: { team: string; count: number }[];
  /** Active staff with their open tickets and total capacity across teams. */
  agentLoad: { userId: number; name: string; openTickets: number; capacity: number | null }[];
}

const open = [...activeStatuses];

// Rows as PostgreSQL returns them: counts and sums are bigint/numeric, which arrive as strings.
interface StatusRow {
  status: string;
  priority: string;
  count: string | number;
}
interface ComplianceRow {
  week: string;
  first_response_met: string | number;
  first_response_decided: string | number;
  resolution_met: string | number;
  resolution_decided: string | number;
}
interface LoadRow {
  id: number;
  name: string;
  open_tickets: string | number;
  capacity: string | number | null;
}

/**
 * Reads the dashboard's figures for the `weeks` weeks up to `now`. A target counts as decided once it
 * was met or its deadline passed; it was met when the response (or resolution) came by the deadline.
 */
export async function readDashboardFigures(
  db: Knex,
  options: { weeks: number; now?: Date },
): Promise<DashboardFigures> {
  const now = options.now ?? new Date();
  const since = db.raw(
    "date_trunc('week', ?::timestamptz at time zone 'UTC') at time zone 'UTC' - make_interval(weeks => ?)",
    [now, options.weeks - 1],
  );
  const [byStatus, compliance, breaches, load] = await Promise.all([
    db('tickets')
      .whereIn('status', open)
      .groupBy('status', 'priority')
      .orderBy(['status', 'priority'])
      .select('status', 'priority')
      .count({ count: '*' }),
    db('tickets')
      .where('created_at', '>=', since)
      .groupByRaw('1')
      .orderByRaw('1')
      .select(db.raw("to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week"))
      .select(
        db.raw('count(*) filter (where first_responded_at <= first_response_due_at) as first_response_met'),
        db.raw(
          'count(*) filter (where first_response_due_at is not null and (first_responded_at is not null or first_response_due_at < ?)) as first_response_decided',
          [now],
        ),
        db.raw('count(*) filter (where resolved_at <= resolution_due_at) as resolution_met'),
        db.raw(
          'count(*) filter (where resolution_due_at is not null and (resolved_at is not null or resolution_due_at < ?)) as resolution_decided',
          [now],
        ),
      ),
    db('tickets as t')
      .leftJoin('teams as tm', 'tm.id', 't.team_id')
      .where('t.sla_breached', true)
      .where('t.created_at', '>=', since)
      .groupBy('tm.name')
      .orderBy([{ column: 'count', order: 'desc' }, { column: 'team' }])
      .select(db.raw("coalesce(tm.name, 'No team') as team"))
      .count({ count: '*' }),
    db('users as u')
      .whereIn('u.role', [...staffRoles])
      .where('u.active', true)
      .select('u.id', 'u.name')
      .select(
        db('tickets as t').count('*').whereRaw('t.assignee_id = u.id').whereIn('t.status', open).as('open_tickets'),
      )
      .select(db('team_members as m').sum('m.capacity').whereRaw('m.user_id = u.id').as('capacity'))
      .orderBy([{ column: 'open_tickets', order: 'desc' }, { column: 'u.name' }]),
  ]);
  return {
    // Knex types a counted query as its count alone; the selected columns are there too.
    openByStatusAndPriority: (byStatus as unknown as StatusRow[]).map((r) => ({
      status: r.status,
      priority: r.priority,
      count: Number(r.count),
    })),
    slaComplianceByWeek: compliance.map((r: ComplianceRow) => ({
      week: r.week,
      firstResponseMet: Number(r.first_response_met),
      firstResponseDecided: Number(r.first_response_decided),
      resolutionMet: Number(r.resolution_met),
      resolutionDecided: Number(r.resolution_decided),
    })),
    breachesByTeam: (breaches as unknown as { team: string; count: string | number }[]).map((r) => ({
      team: r.team,
      count: Number(r.count),
    })),
    agentLoad: load.map((r: LoadRow) => ({
      userId: r.id,
      name: r.name,
      openTickets: Number(r.open_tickets),
      capacity: r.capacity === null ? null : Number(r.capacity),
    })),
  };
}
