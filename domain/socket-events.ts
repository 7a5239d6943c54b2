import type { Ticket, TicketMessage } from './ticket.js';

/** Event names on socket.io path `/ws`; both ends use these constants, never bare strings. */
export const socketEvents = {
  ticketUpdated: 'ticket.updated',
  messageCreated: 'message.created',
  notification: 'notification',
  subscribe: 'ticket.subscribe',
  unsubscribe: 'ticket.unsubscribe',
} as const;

/** The socket.io path the server listens on. */
export const socketPath = '/ws';

/** What the server sends; only to clients allowed to see the ticket. */
export interface ServerToClientEvents {
  'ticket.updated': (payload: { ticket: Ticket }) => void;
  'message.created': (payload: { ticketId: number; message: TicketMessage }) => void;
  /** A notification for one user (their `user:<id>` room), e.g. "assigned to you". */
  notification: (payload: { ticketId: number; template: string; subject: string }) => void;
}

/** What clients send: join or leave a ticket's room (joining is refused for tickets they may not see). */
export interface ClientToServerEvents {
  'ticket.subscribe': (ticketId: number, ack: (result: { ok: true } | { ok: false; error: string }) => void) => void;
  'ticket.unsubscribe': (ticketId: number) => void;
}

/** socket.io rooms: staff see internal notes, customers only the public room. */
export const socketRooms = {
  ticketStaff: (ticketId: number) => `ticket:${ticketId}:staff`,
  ticketPublic: (ticketId: number) => `ticket:${ticketId}:public`,
  user: (userId: number) => `user:${userId}`,
} as const;

/**
 * The rooms an event about a ticket goes to: internal notes to staff only, everything else to
 * staff and to the customers who may see the ticket. Every emitter (worker and server) uses this.
 */
export function ticketAudienceRooms(ticketId: number, audience: 'everyone' | 'staff'): string[] {
  return audience === 'staff' ? [socketRooms.ticketStaff(ticketId)] : [socketRooms.ticketStaff(ticketId), socketRooms.ticketPublic(ticketId)];
}

/** The PostgreSQL notification channel prefix and payload table shared by emitters and the adapter. */
export const socketBus = { channelPrefix: 'ticketflow_io', tableName: 'socket_io_attachments' } as const;
