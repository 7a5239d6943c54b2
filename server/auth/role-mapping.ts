import type { UserRole } from '../../domain/roles.js';

const rank: Record<UserRole, number> = { customer: 0, agent: 1, manager: 2, admin: 3 };

/** The values of the roles claim, whether the issuer sends a list (Entra ID) or a single string. */
export function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  return typeof claim === 'string' ? [claim] : [];
}

/** The highest role among the claim values the map knows, or null when it knows none of them. */
export function mappedRole(values: readonly string[], roleMap: Readonly<Record<string, UserRole>>): UserRole | null {
  let best: UserRole | null = null;
  for (const value of values) {
    const role = Object.hasOwn(roleMap, value) ? roleMap[value] : undefined;
    if (role && (best === null || rank[role] > rank[best])) best = role;
  }
  return best;
}
