import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { enableWebhookEndpoint } from '../../db/webhook-endpoints.js';
import { CliUsageError, type CliOutput } from '../output.js';

const options = z.object({
  id: z
    .string({ error: 'is required' })
    .regex(/^[1-9][0-9]{0,8}$/, 'must be an endpoint id from webhooks:list (a whole number)')
    .transform(Number),
});

/** `webhooks:enable --id N`: enables a disabled endpoint again, with a clean failure record; audited. */
export async function webhooksEnable(db: Db, args: Record<string, string | undefined>, out: CliOutput): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success) throw CliUsageError.fromZod(parsed.error, 'webhooks:enable --id N');
  const result = await enableWebhookEndpoint(db, parsed.data.id, null);
  if (!result) throw new CliUsageError(`--id: no webhook endpoint ${parsed.data.id}; webhooks:list shows them`);
  const { endpoint, wasActive } = result;
  if (wasActive) {
    out.result(`webhook endpoint ${endpoint.id} (${endpoint.url}) is already enabled`);
    return;
  }
  out.result(`enabled webhook endpoint ${endpoint.id} (${endpoint.url}); it takes new events from now on`);
  out.info(
    'What it missed while disabled is in its delivery log: redeliver it from the back office (Webhook deliveries).',
  );
}
