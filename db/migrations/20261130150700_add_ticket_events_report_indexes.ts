import type { Knex } from 'knex';

// Reports read the audit trail by kind of event within a date range. Each kind they count gets a
// narrow index (partial: only its events) that carries the ticket id, so PostgreSQL answers from the
// index alone instead of reading and parsing every event's JSON. The conditions must stay word for
// word those of db/reports/report-sql.ts, or the planner cannot use them.
const partial: Record<string, string> = {
  // Solved: into resolved, or closed without being resolved first.
  ticket_events_solves_index: `type = 'status_changed' AND ((after->>'status') = 'resolved' OR ((after->>'status') = 'closed' AND COALESCE(before->>'status', '') <> 'resolved'))`,
  // Into resolved or closed by any status change (what ends a ticket's time in the backlog).
  ticket_events_closes_index: `type IN ('status_changed', 'auto_closed') AND (after->>'status') IN ('resolved', 'closed')`,
  // Back to work after being resolved.
  ticket_events_reopens_index: `type IN ('status_changed', 'reopened_by_reply') AND (before->>'status') = 'resolved' AND (after->>'status') NOT IN ('resolved', 'closed')`,
  ticket_events_first_response_breaches_index: `type = 'sla_breached' AND (after->>'target') = 'first_response'`,
  ticket_events_resolution_breaches_index: `type = 'sla_breached' AND (after->>'target') = 'resolution'`,
};

export async function up(knex: Knex): Promise<void> {
  // Every event by type and time, with its ticket: created, first response met, and the rest.
  await knex.raw(
    'CREATE INDEX ticket_events_type_created_at_index ON ticket_events (type, created_at) INCLUDE (ticket_id)',
  );
  for (const [name, where] of Object.entries(partial))
    await knex.raw(`CREATE INDEX ${name} ON ticket_events (created_at) INCLUDE (ticket_id) WHERE ${where}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const name of Object.keys(partial)) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  await knex.raw('DROP INDEX IF EXISTS ticket_events_type_created_at_index');
}
