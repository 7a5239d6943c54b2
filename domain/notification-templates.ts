/** Every notification TicketFlow sends: the workflow queues them by name, `notify/` renders them. */
export const notificationTemplates = [
  'created',
  'assigned',
  'replied',
  'warning',
  'breached',
  'resolved',
  'closed',
  'escalated',
  'mentioned',
  // A duplicate was merged into another ticket: its requester is told where to follow.
  'merged',
] as const;

/** The name of one notification template. */
export type NotificationTemplate = (typeof notificationTemplates)[number];
