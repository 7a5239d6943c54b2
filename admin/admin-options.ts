import AdminJS, { type AdminJSOptions } from 'adminjs';
import { listTeamChoices } from '../db/teams.js';
import { mentionsOf, ticketDashboard } from '../tickets/dashboard.js';
import { adminUserId, type AdminContext, type ResourceFactory } from './admin-context.js';
import { Components, componentLoader } from './components/registry.js';
import { activityEventsResource } from './resources/activity-events.resource.js';
import { apiKeysResource } from './resources/api-keys.resource.js';
import { assignmentRulesResource } from './resources/assignment-rules.resource.js';
import { attachmentsResource } from './resources/attachments.resource.js';
import { businessCalendarsResource } from './resources/business-calendars.resource.js';
import { configChangesResource } from './resources/config-changes.resource.js';
import { escalationRulesResource } from './resources/escalation-rules.resource.js';
import { kbArticlesResource } from './resources/kb-articles.resource.js';
import { kbCategoriesResource } from './resources/kb-categories.resource.js';
import { customFieldsResource } from './resources/custom-fields.resource.js';
import { macrosResource } from './resources/macros.resource.js';
import { mailImportsResource } from './resources/mail-imports.resource.js';
import { mailboxesResource } from './resources/mailboxes.resource.js';
import { notificationChannelsResource } from './resources/notification-channels.resource.js';
import { notificationsResource } from './resources/notifications.resource.js';
import { organizationsResource } from './resources/organizations.resource.js';
import { satisfactionRatingsResource } from './resources/satisfaction-ratings.resource.js';
import { slaPoliciesResource } from './resources/sla-policies.resource.js';
import { tagsResource } from './resources/tags.resource.js';
import { ticketSettingsResource } from './resources/ticket-settings.resource.js';
import { teamMembersResource } from './resources/team-members.resource.js';
import { teamsResource } from './resources/teams.resource.js';
import { ticketEventsResource } from './resources/ticket-events.resource.js';
import { ticketMessagesResource } from './resources/ticket-messages.resource.js';
import { ticketsResource } from './resources/tickets.resource.js';
import { usersResource } from './resources/users.resource.js';
import { webhookDeliveriesResource } from './resources/webhook-deliveries.resource.js';
import { webhookEndpointsResource } from './resources/webhook-endpoints.resource.js';
import { propertyLabels } from './property-labels.js';
import { TableResource } from './table-resource.js';
import { backOfficeTranslations } from './translations.js';
import { requirePostForWrites } from './write-actions.js';

// In navigation order within each group.
const resources: ResourceFactory[] = [
  ticketsResource,
  ticketMessagesResource,
  macrosResource,
  customFieldsResource,
  tagsResource,
  ticketSettingsResource,
  attachmentsResource,
  satisfactionRatingsResource,
  usersResource,
  organizationsResource,
  teamsResource,
  teamMembersResource,
  slaPoliciesResource,
  businessCalendarsResource,
  assignmentRulesResource,
  escalationRulesResource,
  notificationChannelsResource,
  mailboxesResource,
  apiKeysResource,
  webhookEndpointsResource,
  webhookDeliveriesResource,
  ticketEventsResource,
  notificationsResource,
  mailImportsResource,
  configChangesResource,
  activityEventsResource,
  kbArticlesResource,
  kbCategoriesResource,
];

/** How many weeks the dashboard's SLA charts cover. */
export const dashboardWeeks = 8;

/** The AdminJS configuration: every resource, the dashboard, branding and wording. */
export function adminOptions(context: AdminContext): AdminJSOptions {
  return {
    rootPath: '/admin',
    logoutPath: '/admin/logout',
    loginPath: '/auth/login',
    componentLoader,
    resources: resources.map((build) => build(context)),
    dashboard: {
      component: Components.Dashboard,
      // The figures, and the signed-in staff member's latest mentions (their in-app inbox).
      handler: async (_request, _response, { currentAdmin }) => ({
        ...(await ticketDashboard(context.db, dashboardWeeks)),
        mentions: await mentionsOf(context.db, adminUserId(currentAdmin)),
      }),
    },
    // The figures come from /api/reports (managers and admins); the page only needs the teams to filter by.
    pages: {
      // Built-in, own and team-shared views with their counts come from /api/views; the page needs the teams to share with.
      views: {
        component: Components.Views,
        icon: 'Filter',
        handler: async () => ({ teams: await listTeamChoices(context.db) }),
      },
      reports: {
        component: Components.Reports,
        icon: 'BarChart2',
        handler: async () => ({ teams: await listTeamChoices(context.db) }),
      },
    },
    branding: { companyName: 'TicketFlow back office', logo: false, withMadeWithLove: false },
    settings: { defaultPerPage: 20 },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      translations: {
        en: {
          ...backOfficeTranslations,
          resources: Object.fromEntries(Object.entries(propertyLabels).map(([id, properties]) => [id, { properties }])),
        },
      },
    },
  };
}

/**
 * The back office as the server runs it: AdminJS on these options, every write action held to POST,
 * and each list's filter panel offering exactly the columns its server-side filter accepts.
 */
export function createBackOffice(context: AdminContext): AdminJS {
  const admin = new AdminJS(adminOptions(context));
  requirePostForWrites(admin);
  for (const resource of admin.resources)
    if (resource instanceof TableResource)
      resource.decorate().options.filterProperties = resource.offeredFilterColumns();
  return admin;
}
