import type { Knex } from 'knex';

/** How long a key's first response is kept (Stripe keeps keys for 24 hours too). */
export const idempotencyKeyLifetimeSeconds = 24 * 60 * 60;

/** A stored first response. */
export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** What claiming a key found. */
export type IdempotencyClaim =
  /** The key is new (or expired, or abandoned by a crashed server): run the request, then complete it. */
  | { kind: 'claimed' }
  /** The same request already ran: answer its stored response. */
  | { kind: 'replay'; response: StoredResponse }
  /** The same key came with a different request. */
  | { kind: 'mismatch' }
  /** The same request is still running elsewhere. */
  | { kind: 'in_flight' };

interface KeyRow {
  fingerprint: string;
  state: 'in_flight' | 'done';
  status_code: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
}

/**
 * Claims `key` for `caller` and this request's fingerprint, or says why not. One statement inserts
 * the claim; a key older than 24 hours, or an in-flight claim of the same request whose lock ran
 * out or whose effect already committed (its server died before answering), is taken over in the
 * same statement. The command then finds that effect (`findIdempotentEffect`) and answers with it.
 */
export async function claimIdempotencyKey(
  db: Knex,
  claim: { caller: string; key: string; fingerprint: string; lockSeconds: number },
): Promise<IdempotencyClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `insert into idempotency_keys as k (caller, key, fingerprint, state, locked_until)
       values (?, ?, ?, 'in_flight', now() + make_interval(secs => ?))
       on conflict (caller, key) do update
         set fingerprint = excluded.fingerprint, state = 'in_flight', locked_until = excluded.locked_until,
             status_code = null, response_body = null, response_headers = null, created_at = now(),
             effect = case when k.created_at < now() - make_interval(secs => ?) then null else k.effect end
         where k.created_at < now() - make_interval(secs => ?)
            or (k.state = 'in_flight' and k.fingerprint = excluded.fingerprint
                and (k.locked_until < now() or k.effect is not null))
       returning 1`,
      [
        claim.caller,
        claim.key,
        claim.fingerprint,
        claim.lockSeconds,
        idempotencyKeyLifetimeSeconds,
        idempotencyKeyLifetimeSeconds,
      ],
    );
    if (rows.length > 0) return { kind: 'claimed' };
    const row = (await db('idempotency_keys').where({ caller: claim.caller, key: claim.key }).first()) as
      KeyRow | undefined;
    if (!row) continue; // released between the two statements: claim again
    if (row.fingerprint !== claim.fingerprint) return { kind: 'mismatch' };
    if (row.state === 'in_flight' || row.status_code === null) return { kind: 'in_flight' };
    return {
      kind: 'replay',
      response: { status: row.status_code, body: row.response_body ?? '', headers: row.response_headers ?? {} },
    };
  }
  return { kind: 'in_flight' };
}

/** Whose key, and which: what a command is given to make its write idempotent. */
export interface RequestKey {
  caller: string;
  key: string;
}

/**
 * Records, inside the transaction that creates it, what the keyed request created (`ticket:12`,
 * `message:40`): committed together, so no crash separates the row from its key.
 */
export async function recordIdempotentEffect(trx: Knex, key: RequestKey, effect: string): Promise<void> {
  await trx('idempotency_keys').where({ caller: key.caller, key: key.key }).update({ effect });
}

/** What an earlier attempt of the keyed request already created, if anything (`ticket:12`). */
export async function findIdempotentEffect(db: Knex, key: RequestKey): Promise<string | null> {
  const row = await db('idempotency_keys').where({ caller: key.caller, key: key.key }).first('effect');
  return (row?.effect as string | null | undefined) ?? null;
}

/** The id an effect names when it is of `kind` (`ticket:12` → 12), else null. */
export function effectId(effect: string | null, kind: 'ticket' | 'message'): number | null {
  const match = effect ? /^(\w+):(\d+)$/.exec(effect) : null;
  return match && match[1] === kind ? Number(match[2]) : null;
}

/** True when one of `callers` has already used `key` (a retry, not a new request). */
export async function idempotencyKeyExists(db: Knex, callers: string[], key: string): Promise<boolean> {
  const row = await db('idempotency_keys')
    .whereIn('caller', callers)
    .where({ key })
    .where('created_at', '>', db.raw('now() - make_interval(secs => ?)', [idempotencyKeyLifetimeSeconds]))
    .first('key');
  return Boolean(row);
}

/** Stores the first response to a claimed key. */
export async function completeIdempotencyKey(
  db: Knex,
  key: { caller: string; key: string },
  response: StoredResponse,
): Promise<void> {
  await db('idempotency_keys')
    .where({ caller: key.caller, key: key.key, state: 'in_flight' })
    .update({
      state: 'done',
      status_code: response.status,
      response_body: response.body,
      response_headers: JSON.stringify(response.headers),
    });
}

/** Gives a claimed key up (the request failed in a way worth retrying): the next request with it runs anew. */
export async function releaseIdempotencyKey(db: Knex, key: { caller: string; key: string }): Promise<void> {
  await db('idempotency_keys').where({ caller: key.caller, key: key.key, state: 'in_flight' }).delete();
}

/** Deletes keys older than their 24 hours; returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Knex): Promise<number> {
  return db('idempotency_keys')
    .where('created_at', '<', db.raw('now() - make_interval(secs => ?)', [idempotencyKeyLifetimeSeconds]))
    .delete();
}
