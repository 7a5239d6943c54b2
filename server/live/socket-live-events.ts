import { messageDeliveries, socketEvents, ticketAudienceRooms } from '../../domain/socket-events.js';
import type { LiveEvents } from '../../tickets/live-events.js';
import type { LiveIo } from './ticket-subscriptions.js';

/**
 * Live events sent through this server's socket.io: to its own sockets and, through the PostgreSQL
 * adapter, to every other replica's. Internal notes reach the staff room only; customers see people by name.
 */
export function socketLiveEvents(io: LiveIo): LiveEvents {
  return {
    ticketUpdated(ticket) {
      io.to(ticketAudienceRooms(ticket.id, 'everyone')).emit(socketEvents.ticketUpdated, { ticket });
    },
    messageCreated(message) {
      for (const delivery of messageDeliveries(message))
        io.to(delivery.room).emit(socketEvents.messageCreated, {
          ticketId: message.ticketId,
          message: delivery.message,
        });
    },
  };
}
