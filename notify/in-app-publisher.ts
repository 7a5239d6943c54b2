import { Emitter } from '@socket.io/postgres-emitter';
import type pg from 'pg';
import {
  messageDeliveries,
  socketBus,
  socketEvents,
  socketRooms,
  ticketAudienceRooms,
} from '../domain/socket-events.js';
import type { Ticket, TicketMessage } from '../domain/ticket.js';

/** Pushes live events to browsers through socket.io's PostgreSQL bus, from any process. */
export interface InAppPublisher {
  ticketUpdated(ticket: Ticket): void;
  messageCreated(message: TicketMessage): void;
  notification(userId: number, payload: { ticketId: number; template: string; subject: string }): void;
}

/** Builds a publisher over a pg pool (the worker's or the server's). */
export function createInAppPublisher(pool: pg.Pool): InAppPublisher {
  const emitter = new Emitter(pool, '/', { channelPrefix: socketBus.channelPrefix, tableName: socketBus.tableName });
  return {
    ticketUpdated(ticket) {
      emitter.to(ticketAudienceRooms(ticket.id, 'everyone')).emit(socketEvents.ticketUpdated, { ticket });
    },
    messageCreated(message) {
      // Internal notes go to the staff room only: customers never receive them.
      for (const delivery of messageDeliveries(message))
        emitter
          .to(delivery.room)
          .emit(socketEvents.messageCreated, { ticketId: message.ticketId, message: delivery.message });
    },
    notification(userId, payload) {
      emitter.to(socketRooms.user(userId)).emit(socketEvents.notification, payload);
    },
  };
}
