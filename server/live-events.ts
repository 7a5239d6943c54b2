import type { Ticket, TicketMessage } from '../domain/ticket.js';

/** Pushes changes to browsers watching a ticket (socket.io on /ws); a no-op until it is wired. */
export interface LiveEvents {
  ticketUpdated(ticket: Ticket): void;
  messageCreated(message: TicketMessage): void;
}

/** Live events that go nowhere: for processes without a socket server. */
export const noLiveEvents: LiveEvents = { ticketUpdated() {}, messageCreated() {} };
