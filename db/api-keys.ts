import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { apiKeyScopes, type ApiKeyScope } from '../domain/permissions.js';
import type { UserRole } from '../domain/roles.js';

/** The owner and rights behind a presented key. */
export interface ApiKeyPrincipal {
  keyId: number;
  userId: number;
  role: UserRole;
  organizationId: number | null;
  scopes: ApiKeyScope[];
}

/** A key as listed (never with its secret). */
export interface ApiKeySummary {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const keyPattern = /^tf_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

// Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Creates a key for a user; the plain key (`tf_<prefix>_<secret>`) is returned here and never again. */
export async function createApiKey(
  db: Knex,
  input: { userId: number; name: string; scopes?: readonly ApiKeyScope[] },
): Promise<{ key: string; summary: ApiKeySummary }> {
  const prefix = randomBytes(5).toString('hex').slice(0, 8);
  const secret = randomBytes(32).toString('base64url');
  const [row] = await db('api_keys')
    .insert({
      user_id: input.userId,
      name: input.name,
      prefix,
      secret_hash: hashSecret(secret),
      scopes: [...(input.scopes ?? apiKeyScopes)],
    })
    .returning('*');
  return { key: `tf_${prefix}_${secret}`, summary: toSummary(row) };
}

function toSummary(r: Record<string, unknown>): ApiKeySummary {
  return {
    id: r.id as number,
    userId: r.user_id as number,
    name: r.name as string,
    prefix: r.prefix as string,
    scopes: r.scopes as ApiKeyScope[],
    lastUsedAt: (r.last_used_at as Date | null) ?? null,
    revokedAt: (r.revoked_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
  };
}

/** Resolves a presented key to its active owner, or null when it is malformed, unknown, revoked or expired. */
export async function verifyApiKey(db: Knex, presented: string): Promise<ApiKeyPrincipal | null> {
  const match = keyPattern.exec(presented);
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const row = await db('api_keys as k')
    .join('users as u', 'u.id', 'k.user_id')
    .where('k.prefix', prefix)
    .whereNull('k.revoked_at')
    .where((q) => q.whereNull('k.expires_at').orWhere('k.expires_at', '>', db.fn.now()))
    .where('u.active', true)
    .first(
      'k.id',
      'k.user_id',
      'k.secret_hash',
      'k.scopes',
      'u.role',
      'u.organization_id',
      db.raw("k.last_used_at is null or k.last_used_at < now() - interval '1 minute' as stale_use"),
    );
  if (!row) return null;
  const expected = Buffer.from(row.secret_hash as string, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  // Written at most once a minute per key, so heavy API use does not turn reads into writes.
  if (row.stale_use) await db('api_keys').where('id', row.id).update({ last_used_at: db.fn.now() });
  return {
    keyId: row.id,
    userId: row.user_id,
    role: row.role,
    organizationId: row.organization_id,
    scopes: row.scopes,
  };
}

/** Revokes a key; the next request with it fails. */
export async function revokeApiKey(db: Knex, id: number): Promise<boolean> {
  return (await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() })) > 0;
}

/** Every key of a user, newest first, revoked ones included (never with secrets). */
export async function listApiKeysForUser(db: Knex, userId: number): Promise<ApiKeySummary[]> {
  const rows = await db('api_keys')
    .where({ user_id: userId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map(toSummary);
}

/** Revokes the key with this prefix; returns it as it is now, or null when no key has the prefix. */
export async function revokeApiKeyByPrefix(
  db: Knex,
  prefix: string,
): Promise<{ summary: ApiKeySummary; alreadyRevoked: boolean } | null> {
  const [revoked] = await db('api_keys')
    .where({ prefix })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() })
    .returning('*');
  if (revoked) return { summary: toSummary(revoked), alreadyRevoked: false };
  const existing = await db('api_keys').where({ prefix }).first();
  return existing ? { summary: toSummary(existing), alreadyRevoked: true } : null;
}
