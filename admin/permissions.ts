import type { ActionContext, CurrentAdmin, FeatureType, ResourceOptions } from 'adminjs';
import { staffRoles, type StaffRole, type UserRole } from '../domain/roles.js';

const staff: StaffRole[] = [...staffRoles];
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
const managed = (read: StaffRole[], writers: StaffRole[]): ResourceAccess => ({
  read,
  create: writers,
  edit: writers,
  delete: writers,
});

/** The ticket actions that go through the workflow; every staff member may use them. */
export const ticketActionNames = [
  'overview',
  'assign',
  'changePriority',
  'changeStatus',
  'resolve',
  'reopen',
  'reply',
  'internalNote',
  'mergeInto',
  'bulkAssign',
  'bulkChangePriority',
  'bulkResolve',
  'newForCustomer',
  'applyMacro',
  'bulkApplyMacro',
] as const;

/**
 * The one table of who may do what in the back office: agents work tickets and messages; managers
 * also run SLA policies, calendars, assignment and escalation rules and teams; admins everything.
 * Audit trails and delivery logs are read-only for all; tickets are never created or deleted here
 * (their workflows own them), users are deactivated rather than deleted. Tables not listed (sessions,
 * outbox, rate limits) have no resource at all.
 */
export const resourceAccess: Record<string, ResourceAccess> = {
  tickets: {
    read: staff,
    create: nobody,
    edit: staff,
    delete: nobody,
    custom: Object.fromEntries(ticketActionNames.map((name) => [name, staff])),
  },
  ticket_messages: { ...readOnly(staff), custom: { draftArticle: staff } },
  // Managers write macros; agents see them and apply them from a ticket (the tickets' actions).
  macros: managed(staff, managers),
  // Managers define custom fields and the tag list; agents read them (and fill values in on tickets).
  // Fields are switched off, never deleted: tickets keep values under their keys.
  custom_fields: { read: staff, create: managers, edit: managers, delete: nobody },
  tags: managed(staff, managers),
  // The one settings row is edited, never created or removed.
  ticket_settings: { read: staff, create: nobody, edit: managers, delete: nobody },
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
  mailboxes: { ...managed(managers, admins), custom: { testConnection: admins } },
  mail_imports: readOnly(staff),
  // Outbound webhooks send ticket data out: admins only. The log is read-only but for redelivering.
  webhook_endpoints: managed(admins, admins),
  webhook_deliveries: { ...readOnly(admins), custom: { redeliver: admins } },
  api_keys: {
    read: admins,
    create: nobody,
    edit: nobody,
    delete: nobody,
    custom: { createKey: admins, revoke: admins },
  },
  ticket_events: readOnly(staff),
  notifications: readOnly(managers),
  config_changes: readOnly(managers),
  // The help centre: every staff member writes and publishes articles; managers arrange topics.
  kb_categories: managed(staff, managers),
  kb_articles: {
    read: staff,
    create: staff,
    edit: staff,
    delete: managers,
    custom: { preview: staff, publish: staff, unpublish: staff, markReviewed: staff },
  },
  // Sign-ins, API-key use and configuration changes: a security log, for admins.
  activity_events: readOnly(admins),
};

const builtIn: Record<string, keyof Omit<ResourceAccess, 'custom'>> = {
  list: 'read',
  show: 'read',
  search: 'read',
  new: 'create',
  edit: 'edit',
  delete: 'delete',
  bulkDelete: 'delete',
};

/** True when `role` may run `action` on `resourceId`; unknown resources and actions are refused. */
export function mayUse(role: UserRole | undefined, resourceId: string, action: string): boolean {
  // Own properties only: `constructor` or `__proto__` in a URL must not reach Object.prototype.
  if (!Object.hasOwn(resourceAccess, resourceId) || !role || role === 'customer') return false;
  const access = resourceAccess[resourceId] as ResourceAccess;
  const key = Object.hasOwn(builtIn, action) ? builtIn[action] : undefined;
  const custom = access.custom && Object.hasOwn(access.custom, action) ? access.custom[action] : undefined;
  const allowed = key ? access[key] : custom;
  return allowed?.includes(role) ?? false;
}

const roleOf = (admin: CurrentAdmin | undefined) => admin?.role as UserRole | undefined;

/**
 * The AdminJS feature that applies the table to a resource's actions, so the interface shows only
 * what the user may do. The server refuses the rest again before AdminJS runs (see `api-route-guard.ts`).
 */
export function roleAccess(resourceId: string): FeatureType {
  return (_admin, options: ResourceOptions): ResourceOptions => {
    const names = [...Object.keys(builtIn), ...Object.keys(resourceAccess[resourceId]?.custom ?? {})];
    const actions = Object.fromEntries(
      names.map((name) => [
        name,
        { isAccessible: ({ currentAdmin }: ActionContext) => mayUse(roleOf(currentAdmin), resourceId, name) },
      ]),
    );
    return { ...options, actions: { ...options.actions, ...actions } };
  };
}
