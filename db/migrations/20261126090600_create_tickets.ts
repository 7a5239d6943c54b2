import type { Knex } from 'knex';

const statuses = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];
const priorities = ['low', 'normal', 'high', 'urgent'];
const channels = ['portal', 'api', 'email', 'back_office', 'guest'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE ticket_number_seq START WITH 1001');
  await knex.schema.createTable('tickets', (t) => {
    t.increments('id');
    t.text('number').notNullable().unique().defaultTo(knex.raw("'TF-' || nextval('ticket_number_seq')"));
    t.text('title').notNullable();
    t.text('description').notNullable();
    t.text('status').notNullable().defaultTo('new').checkIn(statuses, 'tickets_status_check');
    t.text('priority').notNullable().defaultTo('normal').checkIn(priorities, 'tickets_priority_check');
    t.text('category');
    t.integer('requester_id').notNullable().references('users.id').onDelete('RESTRICT');
    t.integer('organization_id').references('organizations.id').onDelete('SET NULL');
    t.integer('team_id').references('teams.id').onDelete('SET NULL');
    t.integer('assignee_id').references('users.id').onDelete('SET NULL');
    t.text('channel').notNullable().defaultTo('api').checkIn(channels, 'tickets_channel_check');
    t.integer('sla_policy_id').references('sla_policies.id').onDelete('SET NULL').index();
    t.timestamp('first_response_due_at');
    t.timestamp('resolution_due_at');
    t.timestamp('first_responded_at');
    t.timestamp('resolved_at');
    t.timestamp('closed_at');
    t.boolean('sla_breached').notNullable().defaultTo(false);
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.jsonb('custom_fields').notNullable().defaultTo('{}');
    // Must equal domain's ticketWorkflowId(id); generated so no writer can get it wrong.
    t.specificType('workflow_id', "text GENERATED ALWAYS AS ('ticket-' || id::text) STORED");
    // Bumped on every change so PATCH can refuse a stale write.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    // List queries page by id descending within each filter.
    t.index(['requester_id', 'id']);
    t.index(['organization_id', 'id']);
    t.index(['team_id', 'status', 'id']);
    t.index(['assignee_id', 'status', 'id']);
    t.index(['status', 'id']);
    t.index(['priority', 'id']);
  });
  await knex.raw('ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tickets');
}
