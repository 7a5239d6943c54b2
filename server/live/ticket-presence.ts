import type { Db } from '../../db/connection.js';
import { findUserById } from '../../db/users.js';
import {
  presenceTiming,
  socketEvents,
  socketRooms,
  type ClientToServerEvents,
  type PresenceEnterResult,
  type PresenceViewer,
} from '../../domain/socket-events.js';
import { isTicketId, ticketRoomFor, type LiveIo, type LiveSocket } from './ticket-subscriptions.js';

// How long a process waits for the others' viewers: one that does not answer in time (stopping,
// or its connection to PostgreSQL lost) is left out rather than holding up the page.
const askOthersTimeoutMs = 2_000;

/** This process's sockets viewing `ticketId` (they are in its staff room and said `presence.enter`). */
export function localViewers(io: LiveIo, ticketId: number): PresenceViewer[] {
  const namespace = io.of('/');
  const viewers: PresenceViewer[] = [];
  for (const id of namespace.adapter.rooms.get(socketRooms.ticketStaff(ticketId)) ?? []) {
    const socket = namespace.sockets.get(id);
    const viewing = socket?.data.viewing?.get(ticketId);
    if (socket && viewing) viewers.push({ socketId: socket.id, userId: socket.data.userId, name: viewing.name });
  }
  return viewers;
}

/**
 * Everyone viewing `ticketId`, on every server process: this one's sockets, and the others' asked
 * through the PostgreSQL bus (`serverSideEmitWithAck`). Not `fetchSockets()`: it would ship every
 * remote socket's handshake — session cookie, API key — through PostgreSQL; this sends names only.
 */
export async function viewersOf(io: LiveIo, ticketId: number): Promise<PresenceViewer[]> {
  const local = localViewers(io, ticketId);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in time')), askOthersTimeoutMs);
  });
  try {
    const others = await Promise.race([io.serverSideEmitWithAck('presence.viewers', ticketId), late]);
    return [...local, ...others.flat()];
  } catch {
    return local;
  } finally {
    clearTimeout(timer);
  }
}

/** Answers the other processes' `presence.viewers` question with this process's viewers. */
export function answerViewerQuestions(io: LiveIo): () => void {
  const answer = (ticketId: number, ack: (viewers: PresenceViewer[]) => void) =>
    ack(isTicketId(ticketId) ? localViewers(io, ticketId) : []);
  io.on('presence.viewers', answer);
  return () => void io.off('presence.viewers', answer);
}

/** Ends the socket's presence on a ticket and tells the staff room (leaving the page, losing the room, disconnecting). */
export function stopViewing(socket: LiveSocket, ticketId: number): void {
  if (!socket.data.viewing.delete(ticketId)) return;
  socket.to(socketRooms.ticketStaff(ticketId)).emit(socketEvents.presenceLeft, { ticketId, socketId: socket.id });
}

async function enter(io: LiveIo, db: Db, socket: LiveSocket, ticketId: unknown): Promise<PresenceEnterResult> {
  if (!isTicketId(ticketId)) return { ok: false, error: 'ticketId must be a positive whole number' };
  const caller = await socket.data.currentCaller();
  if (!caller) {
    socket.disconnect(true);
    return { ok: false, error: 'signed out' };
  }
  const target = await ticketRoomFor(db, caller, ticketId);
  if ('refused' in target) return { ok: false, error: target.refused };
  // Who is looking at a ticket is staff business: a customer who may see the ticket still gets no
  // presence, and never the staff room.
  const staffRoom = socketRooms.ticketStaff(ticketId);
  if (target.room !== staffRoom) return { ok: false, error: 'forbidden' };
  await socket.join(staffRoom);
  const name = (await findUserById(db, caller.userId))?.name ?? `User ${caller.userId}`;
  const first = !socket.data.viewing.has(ticketId);
  socket.data.viewing.set(ticketId, { name, typedAt: 0 });
  if (first)
    socket
      .to(staffRoom)
      .emit(socketEvents.presenceEntered, { ticketId, viewer: { socketId: socket.id, userId: caller.userId, name } });
  const viewers = await viewersOf(io, ticketId);
  return { ok: true, viewers: viewers.filter((viewer) => viewer.socketId !== socket.id) };
}

function typing(socket: LiveSocket, ticketId: unknown): void {
  if (!isTicketId(ticketId)) return;
  const viewing = socket.data.viewing.get(ticketId);
  const staffRoom = socketRooms.ticketStaff(ticketId);
  // Only a viewer still in the staff room types there (a re-check may have moved them out).
  if (!viewing || !socket.rooms.has(staffRoom)) return;
  const now = Date.now();
  // The page throttles; this guards the room against a client that does not.
  if (now - viewing.typedAt < presenceTiming.typingThrottleMs / 2) return;
  viewing.typedAt = now;
  socket.to(staffRoom).emit(socketEvents.presenceTyping, {
    ticketId,
    viewer: { socketId: socket.id, userId: socket.data.userId, name: viewing.name },
  });
}

/**
 * Lets a staff socket show itself as viewing a ticket (`presence.enter`, acknowledged with the other
 * viewers), leave it (`presence.leave`), and say it is typing (`presence.typing`). Everything goes to
 * the ticket's staff room through the adapter, so viewers on other server processes hear it too.
 */
export function handleTicketPresence(io: LiveIo, db: Db, socket: LiveSocket, onError: (error: unknown) => void): void {
  const onEnter: ClientToServerEvents['presence.enter'] = (ticketId, ack) => {
    if (typeof ack !== 'function') return;
    socket.data
      .exclusive(() => enter(io, db, socket, ticketId))
      .then(ack, (error: unknown) => {
        onError(error);
        ack({ ok: false, error: 'unavailable, try again' });
      });
  };
  const onLeave: ClientToServerEvents['presence.leave'] = (ticketId) => {
    if (!isTicketId(ticketId)) return;
    void socket.data.exclusive(async () => {
      stopViewing(socket, ticketId);
      // The back office's socket is in a staff room only for the page it shows.
      await socket.leave(socketRooms.ticketStaff(ticketId));
    });
  };
  const onTyping: ClientToServerEvents['presence.typing'] = (ticketId) => typing(socket, ticketId);
  // `disconnecting`: the socket is still in its rooms, so the others hear it left at once.
  const onDisconnecting = () => {
    for (const ticketId of [...socket.data.viewing.keys()]) stopViewing(socket, ticketId);
  };
  socket.on(socketEvents.presenceEnter, onEnter);
  socket.on(socketEvents.presenceLeave, onLeave);
  socket.on(socketEvents.presenceTyping, onTyping);
  socket.on('disconnecting', onDisconnecting);
  socket.once('disconnect', () => {
    socket.off(socketEvents.presenceEnter, onEnter);
    socket.off(socketEvents.presenceLeave, onLeave);
    socket.off(socketEvents.presenceTyping, onTyping);
    socket.off('disconnecting', onDisconnecting);
  });
}
