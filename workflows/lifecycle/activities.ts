import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { TicketActivities } from '../activities/index.js';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const remote = proxyActivities<TicketActivities>({ startToCloseTimeout: '30 seconds', retry });

// Local activities run in the worker beside the workflow, without a round trip through the Temporal
// server for each one: a ticket's short database steps cost a marker in history instead of three
// events and a workflow task each, which keeps SLA timers punctual when thousands fire together.
// They are as idempotent as before (step keys), so re-running one after a crash writes once.
const local = proxyLocalActivities<TicketActivities>({ startToCloseTimeout: '30 seconds', retry });

/** The patch that moved the database steps to local activities; histories from before it replay with regular ones. */
export const localActivitiesPatch = 'local-database-activities';

/** The ticket's database activities, retried with backoff until they succeed (they are idempotent). */
export function activities() {
  return patched(localActivitiesPatch) ? local : remote;
}

// Deliveries talk to SendGrid and Teams: back off longer, and give up after a while (the
// delivery log keeps the failure) rather than block the ticket's lifecycle forever. They stay
// regular activities: their retries can take minutes, and they never hold up a workflow task.
/** The delivery activity, with a longer backoff and a bounded number of attempts. */
export const notifier = proxyActivities<TicketActivities>({
  // A few HTTP calls; past this a worker that died mid-delivery is noticed and another retries.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});
