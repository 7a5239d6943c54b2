import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/** Every custom React component of the back office, registered once. */
export const componentLoader = new ComponentLoader();

const file = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Component names to use in resource options (`component: Components.TicketOverview`). */
export const Components = {
  Dashboard: componentLoader.add('Dashboard', file('dashboard.tsx')),
  TicketOverview: componentLoader.add('TicketOverview', file('ticket-overview.tsx')),
  TicketCommand: componentLoader.add('TicketCommand', file('ticket-command.tsx')),
  ApiKeyCreate: componentLoader.add('ApiKeyCreate', file('api-key-create.tsx')),
  SecretLastFour: componentLoader.add('SecretLastFour', file('secret-last-four.tsx')),
};
