/** Every status a ticket can be in, in lifecycle order. */
export const ticketStatuses = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;

/** A ticket's lifecycle status. */
export type TicketStatus = (typeof ticketStatuses)[number];

/** Where each status may move next; closed is final, resolved may only reopen or close. */
export const allowedTransitions: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending', 'on_hold', 'resolved', 'closed'],
  open: ['pending', 'on_hold', 'resolved', 'closed'],
  pending: ['open', 'on_hold', 'resolved', 'closed'],
  on_hold: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** Statuses in which the SLA clock stops counting. */
export const slaPausedStatuses: readonly TicketStatus[] = ['pending', 'on_hold'];

/** Statuses that count as an open workload (assignment capacity, dashboards). */
export const activeStatuses: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** True when a ticket in `from` may move to `to`. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** A sentence for people explaining why a move is refused and which moves are allowed. */
export function describeRefusedTransition(from: TicketStatus, to: TicketStatus): string {
  const allowed = allowedTransitions[from];
  if (allowed.length === 0) return `A ${from} ticket cannot change status (tried ${to}).`;
  return `A ${from} ticket cannot move to ${to}; allowed: ${allowed.join(', ')}.`;
}
