/** Every role a user can hold. */
export const userRoles = ['admin', 'manager', 'agent', 'customer'] as const;

/** What a user may do is decided by their role. */
export type UserRole = (typeof userRoles)[number];

/** Staff work tickets in the back office; customers only see their own. */
export function isStaff(role: UserRole): boolean {
  return role !== 'customer';
}
