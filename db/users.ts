import type { Knex } from 'knex';
import { staffRoles, type UserRole } from '../domain/roles.js';

/** A user as the rest of the system sees them. */
export interface User {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  organizationId: number | null;
  active: boolean;
  timezone: string;
  /** Raised tickets without an account; follows them through signed links until they sign in. */
  guest: boolean;
}

/** Fields for a new user. */
export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  organizationId?: number | null;
  timezone?: string;
  oidcIssuer?: string | null;
  oidcSubject?: string | null;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  organization_id: number | null;
  active: boolean;
  timezone: string;
  guest: boolean;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  organizationId: r.organization_id,
  active: r.active,
  timezone: r.timezone,
  guest: r.guest,
});

/** Raised when a user with the same e-mail (case-insensitive) already exists. */
export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

/** Creates a user; throws DuplicateEmailError when the e-mail is taken. */
export async function insertUser(db: Knex, user: NewUser): Promise<User> {
  try {
    const [row] = await db('users')
      .insert({
        email: user.email.trim(),
        name: user.name.trim(),
        role: user.role,
        organization_id: user.organizationId ?? null,
        timezone: user.timezone ?? 'UTC',
        oidc_issuer: user.oidcIssuer ?? null,
        oidc_subject: user.oidcSubject ?? null,
      })
      .returning('*');
    return toUser(row as UserRow);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'users_email_lower_unique') {
      throw new DuplicateEmailError(`A user with e-mail ${user.email} already exists.`);
    }
    throw error;
  }
}

/**
 * The user a guest submission belongs to: the existing user with this e-mail (whatever they are,
 * so nobody learns whether an account exists), else a new customer marked as a guest.
 */
export async function findOrCreateGuestUser(db: Knex, guest: { email: string; name: string }): Promise<User> {
  const email = guest.email.trim();
  // ON CONFLICT on the lower(email) index: two submissions racing for one address share one user.
  await db.raw(
    `insert into users (email, name, role, guest) values (?, ?, 'customer', true)
     on conflict ((lower(email))) do nothing`,
    [email, guest.name.trim()],
  );
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`the guest user ${email} vanished right after it was written`);
  return user;
}

/** Finds a user by e-mail, ignoring case. */
export async function findUserByEmail(db: Knex, email: string): Promise<User | null> {
  const row = await db('users').whereRaw('lower(email) = lower(?)', [email.trim()]).first();
  return row ? toUser(row as UserRow) : null;
}

/** Finds a user by id. */
export async function findUserById(db: Knex, id: number): Promise<User | null> {
  const row = await db('users').where({ id }).first();
  return row ? toUser(row as UserRow) : null;
}

/** Users by id (missing ids are skipped). */
export async function findUsersByIds(db: Knex, ids: readonly number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return (await db('users').whereIn('id', [...ids])).map((r) => toUser(r as UserRow));
}

/** Ids of active users holding any of `roles`. */
export async function listActiveUserIdsByRoles(db: Knex, roles: readonly UserRole[]): Promise<number[]> {
  if (roles.length === 0) return [];
  return db('users')
    .whereIn('role', [...roles])
    .where({ active: true })
    .orderBy('id')
    .pluck('id');
}

/** True when the user exists, is active and is staff (may be assigned tickets). */
export async function isAssignableStaff(db: Knex, userId: number): Promise<boolean> {
  const row = await db('users')
    .where({ id: userId, active: true })
    .whereIn('role', [...staffRoles])
    .first('id');
  return Boolean(row);
}

/** Finds the user signed in through `issuer` as `subject`. */
export async function findUserByOidcIdentity(db: Knex, issuer: string, subject: string): Promise<User | null> {
  const row = await db('users').where({ oidc_issuer: issuer, oidc_subject: subject }).first();
  return row ? toUser(row as UserRow) : null;
}

/**
 * Links the user with this e-mail to an identity of the issuer, but only while the user has none
 * yet (created by an admin or the seed): an account already bound to one identity is never taken
 * over by another that merely claims the same address. Returns null when nothing was linked.
 */
export async function linkOidcIdentityByEmail(
  db: Knex,
  email: string,
  issuer: string,
  subject: string,
): Promise<User | null> {
  const [row] = await db('users')
    .whereRaw('lower(email) = lower(?)', [email.trim()])
    .whereNull('oidc_subject')
    // A guest who signs in has an account from now on: their e-mails link to the portal again.
    .update({ oidc_issuer: issuer, oidc_subject: subject, guest: false, updated_at: db.fn.now() })
    .returning('*');
  return row ? toUser(row as UserRow) : null;
}

/** Changes a user's role; returns the updated user. */
export async function updateUserRole(db: Knex, id: number, role: UserRole): Promise<User | null> {
  const [row] = await db('users').where({ id }).update({ role, updated_at: db.fn.now() }).returning('*');
  return row ? toUser(row as UserRow) : null;
}

/** Active staff by name, for choosing an assignee. */
export async function listAssignableStaff(db: Knex): Promise<{ id: number; name: string }[]> {
  return db('users')
    .whereIn('role', [...staffRoles])
    .where({ active: true })
    .orderBy('name')
    .select('id', 'name');
}

/** Active staff by name with their mention handle (their address before its `@`, lower-cased). */
export async function listStaffHandles(db: Knex): Promise<{ id: number; name: string; handle: string }[]> {
  return db('users')
    .whereIn('role', [...staffRoles])
    .where({ active: true })
    .orderBy('name')
    .limit(1000)
    .select('id', 'name', db.raw(`lower(split_part(email, '@', 1)) as handle`));
}

/** Active users by name, for choosing an owner (API keys). */
export async function listActiveUsers(db: Knex): Promise<{ id: number; name: string; email: string }[]> {
  return db('users').where({ active: true }).orderBy('name').select('id', 'name', 'email');
}

/** True when the user exists and is active. */
export async function isActiveUser(db: Knex, userId: number): Promise<boolean> {
  if (!Number.isSafeInteger(userId) || userId <= 0 || userId > 2_147_483_647) return false;
  return Boolean(await db('users').where({ id: userId, active: true }).first('id'));
}

/**
 * Active staff whose e-mail address starts with one of `handles` before its `@` (case-insensitive):
 * whom the mentions of an internal note may name. Customers and deactivated staff are never among them.
 */
export async function listMentionableStaff(
  db: Knex,
  handles: readonly string[],
): Promise<{ id: number; handle: string }[]> {
  if (handles.length === 0) return [];
  return db('users')
    .whereIn('role', [...staffRoles])
    .where({ active: true })
    .whereRaw(`lower(split_part(email, '@', 1)) = any(?::text[])`, [handles.map((h) => h.toLowerCase())])
    .orderBy('id')
    .select('id', db.raw(`lower(split_part(email, '@', 1)) as handle`));
}
