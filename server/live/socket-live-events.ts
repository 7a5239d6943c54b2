import type { Server } from 'socket.io';
import { socketEvents, ticketAudienceRooms, type ClientToServerEvents, type ServerToClientEvents } from '../../domain/socket-events.js';
import type { LiveEvents } from '../live-events.js';

/**
 * Live events sent through this server's socket.io: to its own sockets and, through the PostgreSQL
 * adapter, to every other replica's. Internal notes reach the staff room only.
 */
export function socketLiveEvents(io: Server<ClientToServerEvents, ServerToClientEvents, any, any>): LiveEvents {
  return {
    ticketUpdated(ticket) {
      io.to(ticketAudienceRooms(ticket.id, 'everyone')).emit(socketEvents.ticketUpdated, { ticket });
    },
    messageCreated(message) {
      io.to(ticketAudienceRooms(message.ticketId, message.internal ? 'staff' : 'everyone')).emit(socketEvents.messageCreated, { ticketId: message.ticketId, message });
    },
  };
}
