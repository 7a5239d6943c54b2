import { socketEvents, ticketAudienceRooms } from '../../domain/socket-events.js';
import type { LiveEvents } from '../../tickets/live-events.js';
import type { LiveIo } from './ticket-subscriptions.js';

/**
 * Live events sent through this server's socket.io: to its own sockets and, through the PostgreSQL
 * adapter, to every other replica's. Internal notes reach the staff room only.
 */
export function socketLiveEvents(io: LiveIo): LiveEvents {
  return {
    ticketUpdated(ticket) {
      io.to(ticketAudienceRooms(ticket.id, 'everyone')).emit(socketEvents.ticketUpdated, { ticket });
    },
    messageCreated(message) {
      io.to(ticketAudienceRooms(message.ticketId, message.internal ? 'staff' : 'everyone')).emit(
        socketEvents.messageCreated,
        { ticketId: message.ticketId, message },
      );
    },
  };
}
