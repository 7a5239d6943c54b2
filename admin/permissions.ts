import type { ActionContext, CurrentAdmin, FeatureType, ResourceOptions } from 'adminjs';
import type { UserRole } from '../domain/roles.js';

/** The roles that may use the back office. */
export type StaffRole = Exclude<UserRole, 'customer'>;

const staff: StaffRole[] = ['admin', 'manager', 'agent'];
const managers: StaffRole[] = ['admin', 'manager'];
const admins: StaffRole[] = ['admin'];
const nobody: StaffRole[] = [];

/** Who may read (list, show, search), create, edit and delete a resource's records, and use its custom actions. */
interface ResourceAccess {
  read: StaffRole[];
  create: StaffRole[];
  edit: StaffRole[];
  delete: StaffRole[];
  custom?: Record<string, StaffRole[]>;
}

const readOnly = (read: StaffRole[]): ResourceAccess => ({ read, create: nobody, edit: nobody, delete: nobody });
const managed = (read: StaffRole[], writers: StaffRole[]): ResourceAccess => ({ read, create: writers, edit: writers, delete: writers });

/** The ticket actions that go through the workflow; every staff member may use them. */
export const ticketActionNames = ['overview', 'assign', 'changePriority', 'changeStatus', 'resolve', 'reopen', 'reply', 'internalNote', 'bulkAssign', 'bulkChangePriority', 'bulkResolve'] as const;

/**
 * The one table of who may do what in the back office: agents work tickets and messages; managers
 * also run SLA policies, calendars, assignment and escalation rules and teams; admins everything.
 * Audit trails and delivery logs are read-only for all; tickets are never created or deleted here
 * (their workflows own them), users are deactivated rather than deleted. Tables not listed (sessions,
 * outbox, rate limits) have no resource at all.
 */
export const resourceAccess: Record<string, ResourceAccess> = {
  tickets: { read: staff, create: nobody, edit: staff, delete: nobody, custom: Object.fromEntries(ticketActionNames.map((name) => [name, staff])) },
  ticket_messages: readOnly(staff),
  attachments: readOnly(staff),
  satisfaction_ratings: readOnly(staff),
  users: { read: staff, create: admins, edit: admins, delete: nobody },
  organizations: managed(staff, admins),
  teams: managed(staff, managers),
  team_members: managed(staff, managers),
  business_calendars: managed(managers, managers),
  sla_policies: managed(managers, managers),
  assignment_rules: managed(managers, managers),
  escalation_rules: managed(managers, managers),
  notification_channels: managed(managers, admins),
  api_keys: { read: admins, create: nobody, edit: nobody, delete: nobody, custom: { createKey: admins, revoke: admins } },
  ticket_events: readOnly(staff),
  notifications: readOnly(managers),
  config_changes: readOnly(managers),
};

const builtIn: Record<string, keyof Omit<ResourceAccess, 'custom'>> = { list: 'read', show: 'read', search: 'read', new: 'create', edit: 'edit', delete: 'delete', bulkDelete: 'delete' };

/** True when `role` may run `action` on `resourceId`; unknown resources and actions are refused. */
export function mayUse(role: UserRole | undefined, resourceId: string, action: string): boolean {
  const access = resourceAccess[resourceId];
  if (!access || !role || role === 'customer') return false;
  const key = builtIn[action];
  const allowed = key ? access[key] : access.custom?.[action];
  return allowed?.includes(role) ?? false;
}

const roleOf = (admin: CurrentAdmin | undefined) => admin?.role as UserRole | undefined;

/**
 * The AdminJS feature that applies the table to a resource's actions, so the interface shows only
 * what the user may do. The server refuses the rest again before AdminJS runs (see `adminAccessGuard`).
 */
export function roleAccess(resourceId: string): FeatureType {
  return (_admin, options: ResourceOptions): ResourceOptions => {
    const names = [...Object.keys(builtIn), ...Object.keys(resourceAccess[resourceId]?.custom ?? {})];
    const actions = Object.fromEntries(names.map((name) => [name, { isAccessible: ({ currentAdmin }: ActionContext) => mayUse(roleOf(currentAdmin), resourceId, name) }]));
    return { ...options, actions: { ...options.actions, ...actions } };
  };
}

const apiAction = /^\/api\/resources\/([^/]+)\/(?:(search)(?:\/.*)?|actions\/([^/]+)(?:\/.*)?|records\/[^/]+\/([^/]+)|bulk\/([^/]+))$/;

/** The resource and action an AdminJS API path names, or null for other paths (pages, assets, dashboard). */
export function apiActionOf(path: string): { resourceId: string; action: string } | null {
  const match = apiAction.exec(path);
  if (!match) return null;
  const [, resourceId, ...actions] = match;
  return { resourceId: decodeURIComponent(resourceId ?? ''), action: actions.find(Boolean) ?? '' };
}
