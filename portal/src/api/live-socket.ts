import { io, type Socket } from 'socket.io-client';
import { socketPath, type ClientToServerEvents, type ServerToClientEvents } from '../../../domain/socket-events.js';

/** The typed socket.io connection of the portal. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens the tab's socket.io connection on `/ws` (same origin, the session cookie authenticates it). */
export function openLiveSocket(): LiveSocket {
  return io({ path: socketPath, withCredentials: true });
}
