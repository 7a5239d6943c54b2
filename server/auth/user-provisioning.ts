import type { Db } from '../../db/connection.js';
import {
  findUserByEmail,
  findUserByOidcIdentity,
  insertUser,
  linkOidcIdentityByEmail,
  updateUserRole,
  type User,
} from '../../db/users.js';
import type { UserRole } from '../../domain/roles.js';
import { claimValues, mappedRole } from './role-mapping.js';

/** What TicketFlow learned from the identity provider about the person signing in. */
export interface SignInIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The values of the configured roles claim. */
  roleValues: string[];
}

/** The outcome of a sign-in: the user, or why they are refused, in words for them. */
export type SignInOutcome = { user: User } | { refused: string };

/** Reads an identity from ID token (and userinfo) claims. */
export function identityFromClaims(
  issuer: string,
  claims: Record<string, unknown>,
  rolesClaim: string,
): SignInIdentity {
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim() : null;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : null;
  return {
    issuer,
    subject: String(claims.sub),
    email,
    // Entra ID sends no email_verified; its optional claim xms_edov says the domain owner verified it.
    emailVerified: claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === '1',
    name,
    roleValues: claimValues(claims[rolesClaim]),
  };
}

async function findOrCreate(db: Db, id: SignInIdentity): Promise<User | string> {
  const known = await findUserByOidcIdentity(db, id.issuer, id.subject);
  if (known) return known;
  if (!id.email)
    return 'Your identity provider did not share your e-mail address, which TicketFlow needs for your account. Ask your administrator to release the email claim to TicketFlow.';
  // An address the provider has not verified could belong to someone else: never bind or create on it.
  if (!id.emailVerified)
    return `Your identity provider did not confirm that ${id.email} is yours, so TicketFlow cannot link or create your account. Ask your administrator.`;
  const linked = await linkOidcIdentityByEmail(db, id.email, id.issuer, id.subject);
  if (linked) return linked;
  if (await findUserByEmail(db, id.email))
    return `The TicketFlow account for ${id.email} is already linked to another sign-in. Ask your administrator to check it.`;
  return insertUser(db, {
    email: id.email,
    name: id.name ?? id.email,
    role: 'customer',
    oidcIssuer: id.issuer,
    oidcSubject: id.subject,
  });
}

/**
 * Finds the user of an identity (by issuer and subject), else links the account with the same
 * verified e-mail, else creates a customer. A roles claim with mapped values sets the role (the
 * highest wins); without any, the role an admin gave stays. Deactivated users are refused.
 */
export async function signInUser(
  db: Db,
  identity: SignInIdentity,
  roleMap: Readonly<Record<string, UserRole>>,
): Promise<SignInOutcome> {
  let found: User | string;
  try {
    found = await findOrCreate(db, identity);
  } catch (error) {
    // A first sign-in racing another one for the same person: the other one created the user.
    const again = await findUserByOidcIdentity(db, identity.issuer, identity.subject);
    if (!again) throw error;
    found = again;
  }
  if (typeof found === 'string') return { refused: found };
  if (!found.active)
    return { refused: 'Your TicketFlow account is deactivated. Ask your administrator if you need access again.' };
  const role = mappedRole(identity.roleValues, roleMap);
  if (role && role !== found.role) return { user: (await updateUserRole(db, found.id, role)) ?? found };
  return { user: found };
}
