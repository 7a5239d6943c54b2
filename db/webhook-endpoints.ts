import type { Knex } from 'knex';
import type { WebhookEndpoint, WebhookEndpointInput, WebhookEventType } from '../domain/webhook-schemas.js';
import { insertConfigChange } from './config-changes.js';
import { lastFour, openSecret, sealSecret } from './secret-box.js';

interface EndpointRow {
  id: number;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  secret_ciphertext: string;
  secret_last4: string;
  active: boolean;
  disabled_at: Date | null;
  disabled_reason: string | null;
  consecutive_failures: number;
  failing_since: Date | null;
  created_at: Date;
}

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  secretLast4: r.secret_last4,
  active: r.active,
  disabledAt: r.disabled_at?.toISOString() ?? null,
  disabledReason: r.disabled_reason,
  consecutiveFailures: r.consecutive_failures,
  createdAt: r.created_at.toISOString(),
});

/** Registers an endpoint; its secret is sealed with APP_SECRET_KEY and only its last four characters kept in clear. */
export async function insertWebhookEndpoint(
  db: Knex,
  key: Buffer,
  input: WebhookEndpointInput,
  createdBy: number | null,
): Promise<WebhookEndpoint> {
  const [row] = await db('webhook_endpoints')
    .insert({
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      secret_ciphertext: sealSecret(key, input.secret),
      secret_last4: lastFour(input.secret),
      created_by: createdBy,
    })
    .returning('*');
  return toEndpoint(row as EndpointRow);
}

/** Every registered endpoint, oldest first. */
export async function listWebhookEndpoints(db: Knex): Promise<WebhookEndpoint[]> {
  return ((await db('webhook_endpoints').orderBy('id')) as EndpointRow[]).map(toEndpoint);
}

/** One endpoint, or null. */
export async function findWebhookEndpoint(db: Knex, id: number): Promise<WebhookEndpoint | null> {
  const row = (await db('webhook_endpoints').where({ id }).first()) as EndpointRow | undefined;
  return row ? toEndpoint(row) : null;
}

/** Removes an endpoint and its delivery log; false when there was none. */
export async function deleteWebhookEndpoint(db: Knex, id: number): Promise<boolean> {
  return (await db('webhook_endpoints').where({ id }).delete()) > 0;
}

/** What a delivery needs of its endpoint: where, whether it still takes events, and the secret in clear. */
export interface WebhookTarget {
  id: number;
  url: string;
  active: boolean;
  secret: string;
}

/** The endpoint with its secret opened, for signing; null when it was deleted. */
export async function findWebhookTarget(db: Knex, key: Buffer, id: number): Promise<WebhookTarget | null> {
  const row = (await db('webhook_endpoints').where({ id }).first()) as EndpointRow | undefined;
  if (!row) return null;
  return { id: row.id, url: row.url, active: row.active, secret: openSecret(key, row.secret_ciphertext) };
}

/** A delivery got through: the endpoint is healthy again. */
export async function recordWebhookEndpointSuccess(db: Knex, id: number): Promise<void> {
  await db('webhook_endpoints')
    .where({ id })
    .where((w) => w.where('consecutive_failures', '>', 0).orWhereNotNull('failing_since'))
    .update({ consecutive_failures: 0, failing_since: null, updated_at: db.fn.now() });
}

/**
 * Counts a failed attempt. When the endpoint has been failing, without one success, for at least
 * `disableAfterSeconds`, it is disabled with `reason`; answers when, only to the call that disabled it
 * (so admins are told once per disabling).
 */
export async function recordWebhookEndpointFailure(
  db: Knex,
  id: number,
  disableAfterSeconds: number,
  reason: string,
): Promise<{ disabledAt: Date | null }> {
  return db.transaction(async (trx) => {
    const [row] = (await trx('webhook_endpoints')
      .where({ id })
      .update({
        consecutive_failures: trx.raw('consecutive_failures + 1'),
        failing_since: trx.raw('coalesce(failing_since, now())'),
        updated_at: trx.fn.now(),
      })
      .returning(['active', 'failing_since'])) as { active: boolean; failing_since: Date }[];
    if (!row?.active) return { disabledAt: null };
    const [disabled] = (await trx('webhook_endpoints')
      .where({ id, active: true })
      .whereRaw('failing_since <= now() - make_interval(secs => ?)', [disableAfterSeconds])
      .update({ active: false, disabled_at: trx.fn.now(), disabled_reason: reason, updated_at: trx.fn.now() })
      .returning('disabled_at')) as { disabled_at: Date }[];
    return { disabledAt: disabled?.disabled_at ?? null };
  });
}

/** What enabling an endpoint again clears: it starts with a clean record (back office and CLI alike). */
export const enabledAgainColumns = {
  disabled_at: null,
  disabled_reason: null,
  consecutive_failures: 0,
  failing_since: null,
} as const;

/**
 * Enables an endpoint again, as an admin does in the back office: a clean failure record, new events
 * from now on (what it missed is redelivered from its log). Audited as a configuration change by
 * `actorId` (null: the command line). Null when there is no such endpoint.
 */
export async function enableWebhookEndpoint(
  db: Knex,
  id: number,
  actorId: number | null,
): Promise<{ endpoint: WebhookEndpoint; wasActive: boolean } | null> {
  return db.transaction(async (trx) => {
    const before = (await trx('webhook_endpoints').where({ id }).forUpdate().first()) as EndpointRow | undefined;
    if (!before) return null;
    if (before.active) return { endpoint: toEndpoint(before), wasActive: true };
    const [after] = (await trx('webhook_endpoints')
      .where({ id })
      .update({ active: true, ...enabledAgainColumns, updated_at: trx.fn.now() })
      .returning('*')) as EndpointRow[];
    // The sealed secret stays out of the audit trail, as in the back office's.
    const audited = (r: EndpointRow) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('secret_')));
    await insertConfigChange(trx, {
      actorId,
      resource: 'webhook_endpoints',
      recordId: id,
      action: 'update',
      before: audited(before),
      after: audited(after!),
    });
    return { endpoint: toEndpoint(after!), wasActive: false };
  });
}
