import type { Db } from '../../db/connection.js';
import { listWebhookEndpoints } from '../../db/webhook-endpoints.js';
import type { CliOutput } from '../output.js';
import { printTable } from '../table.js';

const when = (iso: string | null) => (iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-');

/** `webhooks:list`: every endpoint, one a line (id, active, failures, disabled when and why, URL); never secrets. */
export async function webhooksList(db: Db, out: CliOutput): Promise<void> {
  const endpoints = await listWebhookEndpoints(db);
  out.info(
    endpoints.length === 0
      ? 'no webhook endpoints (register one in the back office, Integrations → Webhook endpoints)'
      : `${endpoints.length} webhook endpoint(s); webhooks:enable --id N enables a disabled one again`,
  );
  if (endpoints.length === 0) return;
  printTable(
    [
      ['ID', 'ACTIVE', 'FAILURES', 'DISABLED', 'URL', 'REASON'],
      ...endpoints.map((e) => [
        String(e.id),
        e.active ? 'yes' : 'no',
        String(e.consecutiveFailures),
        when(e.disabledAt),
        e.url,
        e.disabledReason ?? '-',
      ]),
    ],
    out,
  );
}
