import type { Knex } from 'knex';
import type { Macro } from '../domain/macro-schemas.js';
import type { TicketPriority } from '../domain/ticket-priority.js';
import type { TicketStatus } from '../domain/ticket-status.js';

interface MacroRow {
  id: number;
  name: string;
  body: string;
  internal: boolean;
  set_status: TicketStatus | null;
  set_priority: TicketPriority | null;
  set_team_id: number | null;
  set_assignee_id: number | null;
  add_tags: string[];
  remove_tags: string[];
  active: boolean;
  created_by: number | null;
}

function toMacro(r: MacroRow): Macro {
  return {
    id: r.id,
    name: r.name,
    body: r.body,
    internal: r.internal,
    setStatus: r.set_status,
    setPriority: r.set_priority,
    setTeamId: r.set_team_id,
    setAssigneeId: r.set_assignee_id,
    addTags: r.add_tags,
    removeTags: r.remove_tags,
    active: r.active,
    createdBy: r.created_by,
  };
}

/** An active macro by id, or null when there is none (or it was switched off). */
export async function findActiveMacro(db: Knex, id: number): Promise<Macro | null> {
  const row = await db('macros').where({ id, active: true }).first();
  return row ? toMacro(row as MacroRow) : null;
}

/** The active macros, by name: what agents pick from. */
export async function listActiveMacros(db: Knex): Promise<Macro[]> {
  const rows = await db('macros').where({ active: true }).orderBy('name');
  return rows.map((r) => toMacro(r as MacroRow));
}
