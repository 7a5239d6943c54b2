import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/** Every custom React component of the back office, registered once. */
export const componentLoader = new ComponentLoader();

// The .tsx sources under tsx; the JavaScript tsc emitted beside this module when compiled (dist/).
const compiled = !import.meta.url.endsWith('.ts');
const file = (name: string) =>
  fileURLToPath(new URL(`./${compiled ? name.replace(/\.tsx$/, '.js') : name}`, import.meta.url));

/** Component names to use in resource options (`component: Components.TicketOverview`). */
export const Components = {
  Dashboard: componentLoader.add('Dashboard', file('dashboard.tsx')),
  TicketOverview: componentLoader.add('TicketOverview', file('ticket-overview.tsx')),
  TicketCommand: componentLoader.add('TicketCommand', file('ticket-command.tsx')),
  TicketForCustomer: componentLoader.add('TicketForCustomer', file('ticket-for-customer.tsx')),
  TicketCustomFieldsEdit: componentLoader.add('TicketCustomFieldsEdit', file('ticket-custom-fields-edit.tsx')),
  ApplyMacro: componentLoader.add('ApplyMacro', file('apply-macro.tsx')),
  ApiKeyCreate: componentLoader.add('ApiKeyCreate', file('api-key-create.tsx')),
  SecretLastFour: componentLoader.add('SecretLastFour', file('secret-last-four.tsx')),
  ConfirmAction: componentLoader.add('ConfirmAction', file('confirm-action.tsx')),
  KbArticlePreview: componentLoader.add('KbArticlePreview', file('kb-article-preview.tsx')),
  Reports: componentLoader.add('Reports', file('reports.tsx')),
  Views: componentLoader.add('Views', file('views.tsx')),
};
