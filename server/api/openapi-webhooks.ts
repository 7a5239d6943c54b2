import { z } from 'zod';
import {
  webhookEventIdHeader,
  webhookEventSchema,
  webhookEventTypes,
  webhookSignatureHeader,
} from '../../domain/webhook-schemas.js';

/**
 * The OpenAPI 3.1 `webhooks` section: one POST per event type that TicketFlow sends to a registered
 * endpoint, with the signed headers and the body schema from `domain/webhook-schemas.ts`.
 */
export function openApiWebhooks(): Record<string, unknown> {
  return Object.fromEntries(
    webhookEventTypes.map((type) => {
      const { $schema: _dialect, ...body } = z.toJSONSchema(webhookEventSchema.extend({ type: z.literal(type) }), {
        io: 'output',
        unrepresentable: 'any',
      });
      return [
        type,
        {
          post: {
            operationId: `webhook${type.replace(/(^|[._])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
            summary: `The ${type} event, POSTed to every active endpoint subscribed to it`,
            description:
              'Retried with backoff for a day until the endpoint answers 2xx; events of a ticket arrive in order. ' +
              'Verify the signature on the raw body and reject timestamps older than 5 minutes; de-duplicate by `id`.',
            parameters: [
              {
                name: webhookSignatureHeader,
                in: 'header',
                required: true,
                description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the endpoint secret>`',
                schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
              },
              {
                name: webhookEventIdHeader,
                in: 'header',
                required: true,
                description: "The event id (the body's `id`): the same on every retry and redelivery",
                schema: { type: 'string', format: 'uuid' },
              },
            ],
            requestBody: { required: true, content: { 'application/json': { schema: body } } },
            responses: {
              '2XX': { description: 'Received; any other answer (or none in 10 s) is retried' },
            },
          },
        },
      ];
    }),
  );
}
