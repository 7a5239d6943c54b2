import type { TicketPriority } from '../../../domain/ticket-priority.js';
import type { TicketStatus } from '../../../domain/ticket-status.js';

/** Status names as customers read them. */
export const statusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Waiting for you',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** Priority names as customers read them. */
export const priorityLabels: Record<TicketPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};
