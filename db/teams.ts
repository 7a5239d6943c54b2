import type { Knex } from 'knex';

/** True when a team with this id exists. */
export async function teamExists(db: Knex, teamId: number): Promise<boolean> {
  return Boolean(await db('teams').where({ id: teamId }).first('id'));
}
