import type { AdminJSOptions } from 'adminjs';
import { readDashboardFigures } from '../db/dashboard-figures.js';
import type { AdminContext, ResourceFactory } from './admin-context.js';
import { Components, componentLoader } from './components/registry.js';
import { apiKeysResource } from './resources/api-keys.resource.js';
import { assignmentRulesResource } from './resources/assignment-rules.resource.js';
import { attachmentsResource } from './resources/attachments.resource.js';
import { businessCalendarsResource } from './resources/business-calendars.resource.js';
import { configChangesResource } from './resources/config-changes.resource.js';
import { escalationRulesResource } from './resources/escalation-rules.resource.js';
import { notificationChannelsResource } from './resources/notification-channels.resource.js';
import { notificationsResource } from './resources/notifications.resource.js';
import { organizationsResource } from './resources/organizations.resource.js';
import { satisfactionRatingsResource } from './resources/satisfaction-ratings.resource.js';
import { slaPoliciesResource } from './resources/sla-policies.resource.js';
import { teamMembersResource } from './resources/team-members.resource.js';
import { teamsResource } from './resources/teams.resource.js';
import { ticketEventsResource } from './resources/ticket-events.resource.js';
import { ticketMessagesResource } from './resources/ticket-messages.resource.js';
import { ticketsResource } from './resources/tickets.resource.js';
import { usersResource } from './resources/users.resource.js';
import { propertyLabels } from './property-labels.js';
import { backOfficeTranslations } from './translations.js';

// In navigation order within each group.
const resources: ResourceFactory[] = [
  ticketsResource,
  ticketMessagesResource,
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
  apiKeysResource,
  ticketEventsResource,
  notificationsResource,
  configChangesResource,
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
      handler: async () => readDashboardFigures(context.db, { weeks: dashboardWeeks }),
    },
    branding: { companyName: 'TicketFlow back office', logo: false, withMadeWithLove: false },
    settings: { defaultPerPage: 20 },
    locale: { language: 'en', availableLanguages: ['en'], translations: { en: { ...backOfficeTranslations, resources: Object.fromEntries(Object.entries(propertyLabels).map(([id, properties]) => [id, { properties }])) } } },
  };
}
