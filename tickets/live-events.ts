import type { Ticket, TicketMessage } from '../domain/ticket.js';

/** Pushes changes to the browsers watching a ticket (the server's socket.io); the commands call it after a commit. */
export interface LiveEvents {
  ticketUpdated(ticket: Ticket): void;
  messageCreated(message: TicketMessage): void;
}

/** Live events that go nowhere: for processes without a socket server (the CLI, tests of one command). */
export const noLiveEvents: LiveEvents = { ticketUpdated() {}, messageCreated() {} };
