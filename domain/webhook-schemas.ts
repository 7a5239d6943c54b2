import { z } from 'zod';

// Outbound webhooks' contract, defined once: the events there are, what an admin sends to register
// an endpoint, what the API answers, and the body every delivery carries (also the OpenAPI
// document's `webhooks` section).

/**
 * Every event an endpoint can subscribe to. Each is made from an audit-trail entry in the same
 * transaction (migration 20261201180200_create_webhook_fan_out_trigger): `created` →
 * `ticket.created`; a public reply → `ticket.replied` (internal notes never leave); `sla_warning`,
 * `sla_breached`, `escalated`, `rated` → the same name; any later entry that sets the status or the
 * assignee → `ticket.status_changed` / `ticket.assigned` (one entry may give both).
 */
export const webhookEventTypes = [
  'ticket.created',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.replied',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.escalated',
  'ticket.rated',
] as const;

/** One kind of outbound webhook event. */
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What becomes of a delivery: waiting (or being retried), received with a 2xx, or given up. */
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;

/** A delivery's state. */
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const webhookSignatureHeader = 'X-TicketFlow-Signature';

/** The header carrying the event id, for receivers that de-duplicate before parsing the body. */
export const webhookEventIdHeader = 'X-TicketFlow-Event-Id';

/** `POST /api/webhooks`: where to send, which events, and the shared secret that signs them. */
export const webhookEndpointInput = z
  .object({
    url: z
      .string({ error: 'must be a string: the https:// URL that receives the events' })
      .trim()
      .min(1, 'must not be empty')
      .max(2000, 'must be at most 2000 characters'),
    events: z
      .array(z.enum(webhookEventTypes, { error: `must be among ${webhookEventTypes.join(', ')}` }), {
        error: 'must be an array of event types',
      })
      .min(1, 'must name at least one event type')
      .transform((events) => [...new Set(events)]),
    secret: z
      .string({ error: 'must be a string' })
      .min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)')
      .max(200, 'must be at most 200 characters'),
    description: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
  })
  .strict();

/** A registration as the API takes it. */
export type WebhookEndpointInput = z.output<typeof webhookEndpointInput>;

/** A registered endpoint as the API shows it: the secret never again, only its last four characters. */
export const webhookEndpointSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  description: z.string().nullable(),
  secretLast4: z.string(),
  active: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
});

/** A registered endpoint on the wire. */
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** One event's delivery to one endpoint, as the delivery log shows it (never the receiver's body). */
export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  eventType: z.enum(webhookEventTypes),
  ticketId: z.number().int(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

/** A delivery on the wire. */
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** `GET /api/webhooks/:id/deliveries`: newest first; `cursor` is the last id of the previous page. */
export const webhookDeliveriesQuery = z
  .object({
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(25),
    cursor: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive().optional(),
  })
  .strict();

const isoTime = z.string().describe('ISO 8601 time in UTC');

/** The ticket as it was when the event happened. */
export const webhookTicketSchema = z.object({
  id: z.number().int(),
  number: z.string().describe('e.g. TF-1001'),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  category: z.string().nullable(),
  channel: z.string(),
  tags: z.array(z.string()),
  requesterId: z.number().int(),
  organizationId: z.number().int().nullable(),
  teamId: z.number().int().nullable(),
  assigneeId: z.number().int().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  sla: z.object({
    firstResponseDueAt: isoTime.nullable(),
    resolutionDueAt: isoTime.nullable(),
    breached: z.boolean(),
  }),
});

/**
 * The body of every delivery. `id` is the event id (also in `X-TicketFlow-Event-Id`): the same for
 * every attempt and every redelivery, so receivers de-duplicate by it. `data.before`/`data.after`
 * are the audit entry's fields; `data.message` comes with `ticket.replied`.
 */
export const webhookEventSchema = z.object({
  id: z.uuid().describe('The event id: de-duplicate by it'),
  type: z.enum(webhookEventTypes),
  created_at: isoTime.describe('When the event happened'),
  ticket: webhookTicketSchema,
  data: z.object({
    auditEventId: z.number().int(),
    source: z.string().describe('api, portal, back_office, workflow, email…'),
    actorId: z.number().int().nullable(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
    message: z
      .object({ id: z.number().int(), body: z.string(), authorId: z.number().int().nullable(), source: z.string() })
      .optional(),
  }),
});

/** A delivery's body. */
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
