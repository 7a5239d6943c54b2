import type { Server, Socket } from 'socket.io';
import type { Db } from '../../db/connection.js';
import {
  socketEvents,
  socketRooms,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
} from '../../domain/socket-events.js';
import { findTicketAccess } from '../../tickets/ticket-access.js';
import { ticketActorOf, type Caller } from '../auth/caller.js';
import { authorize } from '../auth/permissions.js';
import { HttpError } from '../http-error.js';

/** What the server keeps per socket. */
export interface LiveSocketData {
  /** Who the socket is now (re-read before each subscription), or null once their sign-in ended. */
  currentCaller: () => Promise<Caller | null>;
  /** Who the socket was at its last check: which access changes concern it. */
  userId: number;
  organizationId: number | null;
  /** Runs this socket's joins and re-checks one after another, so a re-check never races a join. */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  /** The tickets this socket's back-office page shows its user as viewing (see ticket-presence.ts), with when they last typed. */
  viewing: Map<number, { name: string; typedAt: number }>;
}

/** A queue of tasks run one at a time, in order (one per socket). */
export function serialQueue(): LiveSocketData['exclusive'] {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A server-side socket of `/ws`. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;

/** The socket.io server of `/ws`. */
export type LiveIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;

type SubscribeResult = Parameters<Parameters<ClientToServerEvents['ticket.subscribe']>[1]>[0];

/** A ticket id as a client may send it: a positive 32-bit whole number. */
export const isTicketId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647;

// The words a client gets back; the same "not found" for a missing ticket and someone else's.
function refusal(error: unknown): 'not found' | 'forbidden' {
  if (error instanceof HttpError && error.code === 'not_found') return 'not found';
  if (error instanceof HttpError && error.code === 'forbidden') return 'forbidden';
  throw error;
}

/**
 * The room of `ticketId` that `caller` may be in now: the staff room (internal notes too) for staff,
 * the public room for customers who may see the ticket; a refusal otherwise.
 */
export async function ticketRoomFor(
  db: Db,
  caller: Caller,
  ticketId: number,
): Promise<{ room: string } | { refused: 'not found' | 'forbidden' }> {
  try {
    authorize(caller, 'tickets:read');
    const access = await findTicketAccess(db, ticketId, ticketActorOf(caller));
    if (!access) return { refused: 'not found' };
    return { room: access.staff ? socketRooms.ticketStaff(ticketId) : socketRooms.ticketPublic(ticketId) };
  } catch (error) {
    return { refused: refusal(error) };
  }
}

async function subscription(db: Db, socket: LiveSocket, ticketId: unknown): Promise<SubscribeResult> {
  if (!isTicketId(ticketId)) return { ok: false, error: 'ticketId must be a positive whole number' };
  const caller = await socket.data.currentCaller();
  if (!caller) {
    socket.disconnect(true);
    return { ok: false, error: 'signed out' };
  }
  const target = await ticketRoomFor(db, caller, ticketId);
  if ('refused' in target) return { ok: false, error: target.refused };
  // A role change since the last subscription moves the socket to the other room.
  for (const room of [socketRooms.ticketStaff(ticketId), socketRooms.ticketPublic(ticketId)])
    if (room !== target.room) await socket.leave(room);
  await socket.join(target.room);
  return { ok: true };
}

/** Lets a socket join (`ticket.subscribe`, acknowledged) and leave (`ticket.unsubscribe`) the rooms of tickets it may see. */
export function handleTicketSubscriptions(db: Db, socket: LiveSocket, onError: (error: unknown) => void): void {
  const onSubscribe: ClientToServerEvents['ticket.subscribe'] = (ticketId, ack) => {
    if (typeof ack !== 'function') return;
    socket.data
      .exclusive(() => subscription(db, socket, ticketId))
      .then(ack, (error: unknown) => {
        onError(error);
        ack({ ok: false, error: 'unavailable, try again' });
      });
  };
  const onUnsubscribe: ClientToServerEvents['ticket.unsubscribe'] = (ticketId) => {
    if (!isTicketId(ticketId)) return;
    void socket.data.exclusive(async () => {
      await socket.leave(socketRooms.ticketStaff(ticketId));
      await socket.leave(socketRooms.ticketPublic(ticketId));
    });
  };
  socket.on(socketEvents.subscribe, onSubscribe);
  socket.on(socketEvents.unsubscribe, onUnsubscribe);
  socket.once('disconnect', () => {
    socket.off(socketEvents.subscribe, onSubscribe);
    socket.off(socketEvents.unsubscribe, onUnsubscribe);
  });
}
