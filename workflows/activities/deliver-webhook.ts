import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../db/connection.js';
import {
  findNextPendingWebhookDelivery,
  findWebhookDelivery,
  markWebhookDeliveryFailed,
  recordWebhookAttempt,
} from '../../db/webhook-deliveries.js';
import {
  findWebhookTarget,
  recordWebhookEndpointFailure,
  recordWebhookEndpointSuccess,
} from '../../db/webhook-endpoints.js';
import { webhookEventIdHeader, webhookSignatureHeader } from '../../domain/webhook-schemas.js';
import { createOutboundHttp, OutboundRefused, type OutboundHttp } from '../../notify/outbound-http.js';
import { signWebhook } from '../../notify/webhook-signature.js';
import type { Mailer } from '../../notify/mailer.js';
import { tellAdminsEndpointDisabled } from './webhook-endpoint-disabled.js';

/** How outbound webhooks are retried and when an endpoint that keeps failing is disabled. */
export interface WebhookSettings {
  /** The first retry's delay (WEBHOOK_RETRY_INITIAL_SECONDS); each next one doubles, up to an hour. */
  retryInitialSeconds: number;
  /** How long a delivery is retried before it is given up (a day). */
  retryForSeconds: number;
  /** An endpoint failing this long without one success is disabled and admins are told (a day). */
  disableAfterSeconds: number;
}

/** A day of retries, starting ten seconds after the first failure. */
export const defaultWebhookSettings: WebhookSettings = {
  retryInitialSeconds: 10,
  retryForSeconds: 86_400,
  disableAfterSeconds: 86_400,
};

/** What webhook deliveries need. */
export interface WebhookDeliveryDependencies {
  db: Db;
  appSecretKey: Buffer | null;
  mailer: Mailer | null;
  publicUrl: string;
  outboundHttp?: OutboundHttp;
  webhooks?: WebhookSettings;
}

/** How one attempt ended. */
export type WebhookAttemptResult = 'delivered' | 'already_delivered' | 'not_pending' | 'endpoint_disabled';

/** Makes the webhook activities: which delivery is next, sending one, giving one up, the settings. */
export function makeWebhookActivities(deps: WebhookDeliveryDependencies) {
  const { db } = deps;
  const settings = deps.webhooks ?? defaultWebhookSettings;
  const http = deps.outboundHttp ?? createOutboundHttp({ allowHosts: [] });

  /**
   * Counts a failure against the endpoint. Past the limit it is disabled and the delivery given up
   * in the same transaction (the log never shows a disabled endpoint with a delivery pending), then
   * the admins are told, once.
   */
  async function endpointFailed(
    delivery: { id: number; ticketId: number },
    target: { id: number; url: string },
    problem: string,
  ): Promise<boolean> {
    const hours = Math.round((settings.disableAfterSeconds / 3600) * 10) / 10;
    const reason = `every delivery failed for ${hours < 1 ? `${settings.disableAfterSeconds} s` : `${hours} h`}`;
    const disabledAt = await db.transaction(async (trx) => {
      const failure = await recordWebhookEndpointFailure(trx, target.id, settings.disableAfterSeconds, reason);
      if (failure.disabledAt)
        await markWebhookDeliveryFailed(trx, delivery.id, `${problem}; the endpoint was disabled`);
      return failure.disabledAt;
    });
    if (!disabledAt) return false;
    await tellAdminsEndpointDisabled(deps, {
      endpointId: target.id,
      ticketId: delivery.ticketId,
      url: target.url,
      reason,
      disabledAt,
    });
    return true;
  }

  return {
    /** Settings read when a delivery workflow starts, so they are recorded in its history. */
    loadWebhookSettings: async (): Promise<WebhookSettings> => settings,

    /** The id of the oldest pending delivery of an endpoint for a ticket, or null. */
    nextWebhookDelivery: (stream: { endpointId: number; ticketId: number }): Promise<number | null> =>
      findNextPendingWebhookDelivery(db, stream.endpointId, stream.ticketId),

    /**
     * Sends one delivery, signed with its endpoint's secret, and records the attempt (status code
     * only). A non-2xx answer or a refused/failed connection throws, so Temporal retries with backoff;
     * an endpoint disabled meanwhile (or now, by this failure) ends the delivery as failed.
     */
    async deliverWebhook(input: { deliveryId: number }): Promise<WebhookAttemptResult> {
      const delivery = await findWebhookDelivery(db, input.deliveryId);
      if (!delivery) return 'not_pending';
      if (delivery.status === 'delivered') return 'already_delivered';
      if (delivery.status !== 'pending') return 'not_pending';
      if (!deps.appSecretKey) throw new Error('Webhooks cannot be signed: the worker has no APP_SECRET_KEY.');
      const target = await findWebhookTarget(db, deps.appSecretKey, delivery.endpointId);
      if (!target?.active) {
        await markWebhookDeliveryFailed(db, delivery.id, 'the endpoint is disabled');
        return 'endpoint_disabled';
      }
      const body = JSON.stringify(delivery.payload);
      const headers = {
        [webhookSignatureHeader]: signWebhook(target.secret, body, Date.now() / 1000),
        [webhookEventIdHeader]: delivery.eventId,
      };
      let statusCode: number | null = null;
      let problem: string;
      try {
        const answer = await http.postRaw(target.url, body, headers);
        statusCode = answer.status;
        problem = `HTTP ${answer.status} ${answer.statusText}`;
      } catch (error) {
        if (!(error instanceof OutboundRefused)) throw error;
        problem = `not sent: ${error.message}`;
      }
      const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
      await recordWebhookAttempt(db, delivery.id, { delivered, statusCode, error: delivered ? null : problem });
      if (delivered) {
        await recordWebhookEndpointSuccess(db, target.id);
        return 'delivered';
      }
      if (await endpointFailed(delivery, target, problem)) return 'endpoint_disabled';
      Context.current().log.info('webhook delivery failed; retrying with backoff', {
        deliveryId: delivery.id,
        problem,
      });
      throw ApplicationFailure.retryable(`Webhook delivery ${delivery.id}: ${problem}`, 'WebhookDeliveryFailed');
    },

    /** Gives a delivery up once its retries ran out; it stays in the log, and "redeliver" can queue it again. */
    async giveUpWebhookDelivery(input: { deliveryId: number; reason: string }): Promise<void> {
      await markWebhookDeliveryFailed(db, input.deliveryId, input.reason);
    },
  };
}
