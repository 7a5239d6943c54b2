import { proxyActivities } from '@temporalio/workflow';
import type { TicketActivities } from './activities/index.js';

const { deleteExpiredActivity } = proxyActivities<Pick<TicketActivities, 'deleteExpiredActivity'>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 10 },
});

/** What the purge is told: how many days of activity to keep. */
export interface ActivityPurgeInput {
  retentionDays: number;
}

/** Deletes activity-log entries older than the retention period; the purge schedule starts it. */
export async function activityLogPurge(input: ActivityPurgeInput): Promise<{ deleted: number }> {
  return { deleted: await deleteExpiredActivity(input.retentionDays) };
}
