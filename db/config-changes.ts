import type { Knex } from 'knex';
import { recordActivity } from './activity-events.js';

/** One configuration edit made in the back office. */
export interface NewConfigChange {
  actorId: number | null;
  resource: string;
  recordId: string | number | null;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
}

/**
 * Appends a configuration edit to the audit trail (`config_changes`) and, in the same transaction,
 * to the activity log admins read (which keeps it for the retention period; config_changes keeps it).
 */
export async function insertConfigChange(db: Knex, change: NewConfigChange): Promise<void> {
  await db.transaction(async (trx) => {
    const [row] = await trx('config_changes')
      .insert({
        actor_id: change.actorId,
        resource: change.resource,
        record_id: change.recordId === null ? null : String(change.recordId),
        action: change.action,
        before: change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === undefined ? null : JSON.stringify(change.after),
      })
      .returning('id');
    await recordActivity(trx, {
      kind: 'config_changed',
      userId: change.actorId,
      details: {
        resource: change.resource,
        recordId: change.recordId === null ? null : String(change.recordId),
        action: change.action,
        configChangeId: row.id,
      },
    });
  });
}
