import type { Ticket, TicketMessage } from './ticket.js';

/** Event names on socket.io path `/ws`; both ends use these constants, never bare strings. */
export const socketEvents = {
  ticketUpdated: 'ticket.updated',
  messageCreated: 'message.created',
  subscribe: 'ticket.subscribe',
  unsubscribe: 'ticket.unsubscribe',
} as const;

/** The socket.io path the server listens on. */
export const socketPath = '/ws';

/** What the server sends; only to clients allowed to see the ticket. */
export interface ServerToClientEvents {
  'ticket.updated': (payload: { ticket: Ticket }) => void;
  'message.created': (payload: { ticketId: number; message: TicketMessage }) => void;
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

/** The PostgreSQL notification channel prefix and payload table shared by emitters and the adapter. */
export const socketBus = { channelPrefix: 'ticketflow_io', tableName: 'socket_io_attachments' } as const;
