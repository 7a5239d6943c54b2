import { purgeActivityBefore } from '../../db/activity-events.js';
import type { Db } from '../../db/connection.js';

/** Makes the activity that deletes activity-log entries older than the retention period (idempotent). */
export function makeDeleteExpiredActivity(db: Db) {
  return async function deleteExpiredActivity(retentionDays: number): Promise<number> {
    return purgeActivityBefore(db, new Date(Date.now() - retentionDays * 86_400_000));
  };
}
