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

/** Statuses in which the team's work is done: resolved (it may still reopen) and closed (final). */
export const finishedStatuses = ['resolved', 'closed'] as const satisfies readonly TicketStatus[];

/** True when the team's work on the ticket is done (resolved or closed). */
export function isFinished(status: TicketStatus): boolean {
  return (finishedStatuses as readonly TicketStatus[]).includes(status);
}

/** True when the ticket can never change again (closed): no move, no reply, no file. */
export function isFinal(status: TicketStatus): boolean {
  return allowedTransitions[status].length === 0;
}

/** True when replies, notes and attachments may still be added: everything but a final (closed) ticket. */
export function acceptsReplies(status: TicketStatus): boolean {
  return !isFinal(status);
}

/** True when the requester may rate the ticket: once the work is done. */
export function canRate(status: TicketStatus): boolean {
  return isFinished(status);
}

/** True when the ticket can be reopened (a resolved one; closed is final); a customer reply reopens it too. */
export function canReopen(status: TicketStatus): boolean {
  return status === 'resolved' && canTransition(status, 'open');
}
