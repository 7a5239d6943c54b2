// Every workflow the ticket worker runs: the bundle is built from this module.
export { ticketLifecycle } from './ticket-lifecycle.workflow.js';
export { activityLogPurge } from './activity-purge.workflow.js';
export { webhookDelivery } from './webhook-delivery.workflow.js';
