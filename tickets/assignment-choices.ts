import { listTeamChoices } from '../db/teams.js';
import { listAssignableStaff } from '../db/users.js';
import type { Db } from '../db/connection.js';

/** Who and which team a ticket may be given to: active staff and every team, by name. */
export async function listAssignmentChoices(
  db: Db,
): Promise<{ staff: { id: number; name: string }[]; teams: { id: number; name: string }[] }> {
  const [staff, teams] = await Promise.all([listAssignableStaff(db), listTeamChoices(db)]);
  return { staff, teams };
}
