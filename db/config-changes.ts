import type { Knex } from 'knex';

/** One configuration edit made in the back office. */
export interface NewConfigChange {
  actorId: number | null;
  resource: string;
  recordId: string | number | null;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
}

/** Appends a configuration edit to the audit trail (`config_changes`). */
export async function insertConfigChange(db: Knex, change: NewConfigChange): Promise<void> {
  await db('config_changes').insert({
    actor_id: change.actorId,
    resource: change.resource,
    record_id: change.recordId === null ? null : String(change.recordId),
    action: change.action,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
  });
}
