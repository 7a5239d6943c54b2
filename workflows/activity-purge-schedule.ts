import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { activityLogPurge } from './activity-purge.workflow.js';
import { ticketTaskQueue } from './task-queue.js';

/** The id of the Temporal Schedule that purges the activity log. */
export const activityPurgeScheduleId = 'activity-log-purge';

/** How the purge schedule is set up. */
export interface ActivityPurgeScheduleOptions {
  retentionDays: number;
  taskQueue?: string;
  scheduleId?: string;
  /** How often it runs; hourly keeps each purge small. */
  every?: string;
}

/**
 * Creates the schedule that purges the activity log, or brings an existing one up to date (the
 * retention period may have changed): idempotent, so every worker calls it at start-up. Overlapping
 * runs are skipped; a purge missed while Temporal was down is caught up once.
 */
export async function ensureActivityPurgeSchedule(
  client: Client,
  options: ActivityPurgeScheduleOptions,
): Promise<void> {
  const scheduleId = options.scheduleId ?? activityPurgeScheduleId;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'activityLogPurge',
    workflowId: `${scheduleId}-run`,
    taskQueue: options.taskQueue ?? ticketTaskQueue,
    args: [{ retentionDays: options.retentionDays }] as Parameters<typeof activityLogPurge>,
  };
  const spec = { intervals: [{ every: options.every ?? '1 hour' }] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { purpose: 'Deletes activity-log entries older than ACTIVITY_RETENTION_DAYS' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
