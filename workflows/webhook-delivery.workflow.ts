import {
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { TicketActivities } from './activities/index.js';

/** Which deliveries a delivery workflow sends: one endpoint's events about one ticket, in order. */
export interface WebhookStream {
  endpointId: number;
  ticketId: number;
}

/** Sent (with start) by the outbox relay when deliveries for the stream are waiting. */
export const webhookPendingSignal = defineSignal('webhookPending');

/** The workflow id of a stream: one at a time per endpoint and ticket keeps a ticket's events in order. */
export function webhookDeliveryWorkflowId(stream: WebhookStream): string {
  return `webhook-${stream.endpointId}-ticket-${stream.ticketId}`;
}

const steps = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Sends an endpoint's pending events about a ticket one after the other, oldest first: each one is
 * retried with backoff (the first retry after WEBHOOK_RETRY_INITIAL_SECONDS, doubling up to an hour)
 * for a day before it is given up, and the next waits for it, so a receiver sees a ticket's events
 * in order. The workflow ends when nothing is pending; the relay starts it again with the next event.
 */
export async function webhookDelivery(stream: WebhookStream): Promise<void> {
  let woken = false;
  setHandler(webhookPendingSignal, () => {
    woken = true;
  });
  const settings = await steps.loadWebhookSettings();
  const sending: ActivityOptions = {
    // One HTTP call is bounded to 10 s by outbound-http; this leaves room for the database writes.
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: settings.retryForSeconds * 1000,
    retry: {
      initialInterval: settings.retryInitialSeconds * 1000,
      backoffCoefficient: 2,
      maximumInterval: Math.max(settings.retryInitialSeconds * 1000, 3_600_000),
    },
  };
  const { deliverWebhook } = proxyActivities<TicketActivities>(sending);
  for (;;) {
    woken = false;
    const next = await steps.nextWebhookDelivery(stream);
    if (next === null) {
      // A signal that came while we looked may announce a delivery committed after the query.
      if (woken) continue;
      return;
    }
    try {
      await deliverWebhook({ deliveryId: next });
    } catch {
      await steps.giveUpWebhookDelivery({
        deliveryId: next,
        reason: `gave up after ${Math.round(settings.retryForSeconds / 3600)} h of retries`,
      });
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof webhookDelivery>(stream);
  }
}
