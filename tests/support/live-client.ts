import { io, type Socket } from 'socket.io-client';
import {
  socketEvents,
  socketPath,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../domain/socket-events.js';
import type { Ticket, TicketMessage } from '../../domain/ticket.js';

/** A socket.io client of `/ws` that records what it hears. */
export interface LiveClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every `ticket.updated` received, oldest first. */
  tickets: Ticket[];
  /** Every `message.created` received, oldest first. */
  messages: TicketMessage[];
  /** How many `live.resync` the server sent (its bus listens again after a lost connection). */
  resyncs: number;
  subscribe(ticketId: number): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): void;
}

/** How the client proves who it is: an API key (`auth.token`), a session cookie (sent from a page of `origin`, as browsers do), or nothing. */
export type LiveCredentials = { apiKey: string } | { cookie: string; origin?: string } | Record<string, never>;

/** Connects to the server's `/ws` over a websocket; resolves once connected, rejects with the server's refusal. */
export function connectLive(baseUrl: string, credentials: LiveCredentials): Promise<LiveClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    path: socketPath,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...('apiKey' in credentials ? { auth: { token: credentials.apiKey } } : {}),
    ...('cookie' in credentials
      ? { extraHeaders: { cookie: credentials.cookie, ...(credentials.origin ? { origin: credentials.origin } : {}) } }
      : {}),
  });
  const client: LiveClient = {
    socket,
    tickets: [],
    messages: [],
    resyncs: 0,
    subscribe: (ticketId) => socket.timeout(10_000).emitWithAck(socketEvents.subscribe, ticketId),
    close: () => {
      socket.off(socketEvents.ticketUpdated, onTicket);
      socket.off(socketEvents.messageCreated, onMessage);
      socket.off(socketEvents.resync, onResync);
      socket.disconnect();
    },
  };
  const onTicket: ServerToClientEvents['ticket.updated'] = ({ ticket }) => client.tickets.push(ticket);
  const onMessage: ServerToClientEvents['message.created'] = ({ message }) => client.messages.push(message);
  const onResync = () => client.resyncs++;
  socket.on(socketEvents.ticketUpdated, onTicket);
  socket.on(socketEvents.messageCreated, onMessage);
  socket.on(socketEvents.resync, onResync);
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      socket.off('connect', onConnect);
      socket.off('connect_error', settle);
      if (error) {
        client.close();
        reject(error);
      } else resolve(client);
    };
    const onConnect = () => settle();
    socket.on('connect', onConnect);
    socket.on('connect_error', settle);
  });
}
