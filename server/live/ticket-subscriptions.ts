import type { Socket } from 'socket.io';
import type { Db } from '../../db/connection.js';
import { socketEvents, socketRooms, type ClientToServerEvents, type ServerToClientEvents } from '../../domain/socket-events.js';
import type { Caller } from '../auth/caller.js';
import { authorize } from '../auth/permissions.js';
import { HttpError } from '../http-error.js';
import { requireTicketAccess } from '../tickets/ticket-access.js';

/** What the server keeps per socket. */
export interface LiveSocketData {
  /** Who the socket is now (re-read before each subscription), or null once their sign-in ended. */
  currentCaller: () => Promise<Caller | null>;
}

/** A server-side socket of `/ws`. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

type SubscribeResult = Parameters<Parameters<ClientToServerEvents['ticket.subscribe']>[1]>[0];

const isTicketId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647;

// The words a client gets back; the same "not found" for a missing ticket and someone else's.
function refusal(error: unknown): SubscribeResult {
  if (error instanceof HttpError && error.code === 'not_found') return { ok: false, error: 'not found' };
  if (error instanceof HttpError && error.code === 'forbidden') return { ok: false, error: 'forbidden' };
  throw error;
}

async function subscription(db: Db, socket: LiveSocket, ticketId: unknown): Promise<SubscribeResult> {
  if (!isTicketId(ticketId)) return { ok: false, error: 'ticketId must be a positive whole number' };
  const caller = await socket.data.currentCaller();
  if (!caller) {
    socket.disconnect(true);
    return { ok: false, error: 'signed out' };
  }
  try {
    authorize(caller, 'tickets:read');
    const access = await requireTicketAccess(db, ticketId, caller);
    // Staff hear internal notes; customers only the public room. A role change since the last
    // subscription moves the socket to the other room.
    const [room, other] = access.staff ? [socketRooms.ticketStaff(ticketId), socketRooms.ticketPublic(ticketId)] : [socketRooms.ticketPublic(ticketId), socketRooms.ticketStaff(ticketId)];
    await socket.leave(other);
    await socket.join(room);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

/** Lets a socket join (`ticket.subscribe`, acknowledged) and leave (`ticket.unsubscribe`) the rooms of tickets it may see. */
export function handleTicketSubscriptions(db: Db, socket: LiveSocket, onError: (error: unknown) => void): void {
  const onSubscribe: ClientToServerEvents['ticket.subscribe'] = (ticketId, ack) => {
    if (typeof ack !== 'function') return;
    subscription(db, socket, ticketId).then(ack, (error: unknown) => {
      onError(error);
      ack({ ok: false, error: 'unavailable, try again' });
    });
  };
  const onUnsubscribe: ClientToServerEvents['ticket.unsubscribe'] = (ticketId) => {
    if (!isTicketId(ticketId)) return;
    void socket.leave(socketRooms.ticketStaff(ticketId));
    void socket.leave(socketRooms.ticketPublic(ticketId));
  };
  socket.on(socketEvents.subscribe, onSubscribe);
  socket.on(socketEvents.unsubscribe, onUnsubscribe);
  socket.once('disconnect', () => {
    socket.off(socketEvents.subscribe, onSubscribe);
    socket.off(socketEvents.unsubscribe, onUnsubscribe);
  });
}
