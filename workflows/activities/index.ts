import type { Db } from '../../db/connection.js';
import { makeRecordWorkflowStarted } from './record-workflow-started.js';

/** What the activities need from the outside world. */
export interface ActivityDependencies {
  db: Db;
}

/** Builds every activity of the ticket workflows around their dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return {
    recordWorkflowStarted: makeRecordWorkflowStarted(deps.db),
  };
}

/** The activity interface workflow code proxies (imported there with `import type` only). */
export type TicketActivities = ReturnType<typeof createActivities>;
