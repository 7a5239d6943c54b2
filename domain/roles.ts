/** Every role a user can hold. */
export const userRoles = ['admin', 'manager', 'agent', 'customer'] as const;

/** What a user may do is decided by their role. */
export type UserRole = (typeof userRoles)[number];

/** The roles that work tickets (the back office, internal notes, assignment); the one list of them. */
export const staffRoles = ['admin', 'manager', 'agent'] as const satisfies readonly UserRole[];

/** A role that works tickets. */
export type StaffRole = (typeof staffRoles)[number];

/** Staff work tickets in the back office; customers only see their own. */
export function isStaff(role: UserRole): role is StaffRole {
  return (staffRoles as readonly UserRole[]).includes(role);
}
