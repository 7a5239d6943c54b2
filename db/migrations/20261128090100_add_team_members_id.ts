import type { Knex } from 'knex';

// The back office edits one membership at a time and AdminJS identifies a record by a single
// column: a surrogate id becomes the key; (team_id, user_id) stays unique and keeps indexing team_id.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE team_members DROP CONSTRAINT team_members_pkey');
  await knex.raw('ALTER TABLE team_members ADD COLUMN id serial PRIMARY KEY');
  await knex.raw(
    'ALTER TABLE team_members ADD CONSTRAINT team_members_team_id_user_id_unique UNIQUE (team_id, user_id)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE team_members DROP CONSTRAINT team_members_team_id_user_id_unique');
  await knex.raw('ALTER TABLE team_members DROP COLUMN id');
  await knex.raw('ALTER TABLE team_members ADD CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id)');
}
