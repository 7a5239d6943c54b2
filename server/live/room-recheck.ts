import type { Db } from '../../db/connection.js';
import { stopViewing } from './ticket-presence.js';
import { ticketRoomFor, type LiveSocket } from './ticket-subscriptions.js';

const ticketRoom = /^ticket:(\d+):(staff|public)$/;

/**
 * Holds one socket to its user's rights as they are now: disconnects it once the sign-in is gone
 * (signed out, timed out, key revoked, user deactivated or deleted), and for every ticket room it
 * is in, moves it to the room it may be in now (staff → public after a demotion) or out of both
 * (organization changed, sharing turned off, ticket moved).
 */
export async function recheckSocketRooms(db: Db, socket: LiveSocket): Promise<void> {
  const caller = await socket.data.currentCaller();
  if (!caller) {
    socket.disconnect(true);
    return;
  }
  socket.data.userId = caller.userId;
  socket.data.organizationId = caller.organizationId;
  for (const room of [...socket.rooms]) {
    const match = ticketRoom.exec(room);
    if (!match) continue;
    const target = await ticketRoomFor(db, caller, Number(match[1]));
    if ('room' in target && target.room === room) continue;
    // Out of the staff room means out of its presence too (the others see them go).
    if (match[2] === 'staff') stopViewing(socket, Number(match[1]));
    await socket.leave(room);
    if ('room' in target) await socket.join(target.room);
  }
}
