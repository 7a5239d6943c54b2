import type { Knex } from 'knex';

/** True when a team with this id exists. */
export async function teamExists(db: Knex, teamId: number): Promise<boolean> {
  return Boolean(await db('teams').where({ id: teamId }).first('id'));
}

/** Every team by name, for choosing one (assignment forms). */
export async function listTeamChoices(db: Knex): Promise<{ id: number; name: string }[]> {
  return db('teams').orderBy('name').select('id', 'name');
}

/** The team with this name, letter case aside (the CLI names teams as people write them). */
export async function findTeamByName(db: Knex, name: string): Promise<{ id: number; name: string } | null> {
  return (await db('teams').whereRaw('lower(name) = lower(?)', [name]).first('id', 'name')) ?? null;
}

/** The ids of the teams `userId` belongs to. */
export async function listTeamIdsOfMember(db: Knex, userId: number): Promise<number[]> {
  return (await db('team_members').where({ user_id: userId }).orderBy('team_id').pluck('team_id')) as number[];
}
