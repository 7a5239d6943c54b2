import { messageForCustomers } from './customer-view.js';
import type { Ticket, TicketMessage } from './ticket.js';

/** Event names on socket.io path `/ws`; both ends use these constants, never bare strings. */
export const socketEvents = {
  ticketUpdated: 'ticket.updated',
  messageCreated: 'message.created',
  notification: 'notification',
  subscribe: 'ticket.subscribe',
  unsubscribe: 'ticket.unsubscribe',
  presenceEnter: 'presence.enter',
  presenceLeave: 'presence.leave',
  presenceTyping: 'presence.typing',
  presenceEntered: 'presence.entered',
  presenceLeft: 'presence.left',
  resync: 'live.resync',
} as const;

/** A staff member's page on a ticket (one per socket: the same person in two tabs is two viewers). */
export interface PresenceViewer {
  socketId: string;
  userId: number;
  name: string;
}

/** What `presence.enter` answers: the ticket's other viewers now, or why the socket may not be one. */
export type PresenceEnterResult = { ok: true; viewers: PresenceViewer[] } | { ok: false; error: string };

/** The socket.io path the server listens on. */
export const socketPath = '/ws';

/** What the server sends; only to clients allowed to see the ticket. */
export interface ServerToClientEvents {
  'ticket.updated': (payload: { ticket: Ticket }) => void;
  'message.created': (payload: { ticketId: number; message: TicketMessage }) => void;
  /** A notification for one user (their `user:<id>` room), e.g. "assigned to you". */
  notification: (payload: { ticketId: number; template: string; subject: string }) => void;
  /** Staff room only: someone opened the ticket in the back office. */
  'presence.entered': (payload: { ticketId: number; viewer: PresenceViewer }) => void;
  /** Staff room only: a viewer left the ticket's page or lost their connection. */
  'presence.left': (payload: { ticketId: number; socketId: string }) => void;
  /** Staff room only: a viewer is typing a reply (sent at most every couple of seconds while they type). */
  'presence.typing': (payload: { ticketId: number; viewer: PresenceViewer }) => void;
  /**
   * The server lost its PostgreSQL bus for a moment (a database restart) and listens again: events
   * sent meanwhile did not reach it, so reload what is on screen.
   */
  'live.resync': () => void;
}

/** What clients send: join or leave a ticket's room (joining is refused for tickets they may not see). */
export interface ClientToServerEvents {
  'ticket.subscribe': (ticketId: number, ack: (result: { ok: true } | { ok: false; error: string }) => void) => void;
  'ticket.unsubscribe': (ticketId: number) => void;
  /** Staff only: show me as viewing the ticket (joins its staff room) and tell me who else is. */
  'presence.enter': (ticketId: number, ack: (result: PresenceEnterResult) => void) => void;
  'presence.leave': (ticketId: number) => void;
  /** Staff only, while viewing: I am typing a reply. */
  'presence.typing': (ticketId: number) => void;
}

/** What the server processes ask each other through the PostgreSQL bus (`serverSideEmit`). */
export interface InterServerEvents {
  /** Each process answers with its own sockets viewing the ticket. */
  'presence.viewers': (ticketId: number, ack: (viewers: PresenceViewer[]) => void) => void;
}

/** How long a "typing" lasts without another, and how often a typing page sends one. */
export const presenceTiming = { typingExpiresMs: 5_000, typingThrottleMs: 2_000 } as const;

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
  return audience === 'staff'
    ? [socketRooms.ticketStaff(ticketId)]
    : [socketRooms.ticketStaff(ticketId), socketRooms.ticketPublic(ticketId)];
}

/**
 * A new message for each room that may hear of it: staff get it whole; customers a public reply only,
 * its author by name. Every emitter (worker and server) uses this; a socket is in one room per ticket.
 */
export function messageDeliveries(message: TicketMessage): { room: string; message: TicketMessage }[] {
  const staff = { room: socketRooms.ticketStaff(message.ticketId), message };
  if (message.internal) return [staff];
  return [staff, { room: socketRooms.ticketPublic(message.ticketId), message: messageForCustomers(message) }];
}

/** The PostgreSQL notification channel prefix and payload table shared by emitters and the adapter. */
export const socketBus = { channelPrefix: 'ticketflow_io', tableName: 'socket_io_attachments' } as const;
