import type { Knex } from 'knex';

// The built-in views (domain/built-in-views.ts) count and page over every ticket: each gets an
// index matching its conditions, so neither needs to scan the table.
const indexes = [
  // Unassigned in my teams.
  'create index tickets_unassigned_team_index on tickets (team_id, status, id) where assignee_id is null',
  // Breaching within 1 hour: one index per deadline, holding only deadlines still to meet.
  `create index tickets_first_response_due_index on tickets (first_response_due_at)
     where first_responded_at is null and not sla_breached`,
  `create index tickets_resolution_due_index on tickets (resolution_due_at)
     where resolved_at is null and not sla_breached`,
  // Waiting for customer > 3 days, and views sorted by last change.
  'create index tickets_status_updated_at_index on tickets (status, updated_at)',
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of indexes) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  for (const name of [
    'tickets_unassigned_team_index',
    'tickets_first_response_due_index',
    'tickets_resolution_due_index',
    'tickets_status_updated_at_index',
  ])
    await knex.raw(`drop index if exists ${name}`);
}
