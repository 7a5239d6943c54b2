import { proxyActivities } from '@temporalio/workflow';
import type { TicketActivities } from '../activities/index.js';

/** The ticket activities, retried with backoff until they succeed (they are idempotent). */
export const activities = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Deliveries talk to SendGrid and Teams: back off longer, and give up after a while (the
// delivery log keeps the failure) rather than block the ticket's lifecycle forever.
/** The delivery activity, with a longer backoff and a bounded number of attempts. */
export const notifier = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});
