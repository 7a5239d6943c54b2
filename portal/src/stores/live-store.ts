import { defineStore } from 'pinia';
import { ref } from 'vue';
import { socketEvents, type ServerToClientEvents } from '../../../domain/socket-events.js';
import type { Ticket, TicketMessage } from '../../../domain/ticket.js';
import { openLiveSocket, type LiveSocket } from '../api/live-socket.js';

/** What a page wants to hear about one ticket. */
export interface TicketWatcher {
  onTicket: (ticket: Ticket) => void;
  onMessage: (message: TicketMessage) => void;
  /** After a reconnect: events may have been missed, so reload. */
  onResync: () => void;
  /** The server refused the subscription (the ticket is not visible to this socket). */
  onRefused: (reason: string) => void;
  /** The server confirmed the subscription: events about the ticket arrive from now on. */
  onSubscribed?: () => void;
}

/** The state of the live connection, for the "Reconnecting…" banner. */
export type LiveStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unavailable';

/**
 * The tab's one socket.io connection: opened while at least one ticket is watched, closed when
 * the last watcher leaves; every listener it adds is removed in `teardown`.
 */
export const useLiveStore = defineStore('live', () => {
  const status = ref<LiveStatus>('idle');
  let socket: LiveSocket | null = null;
  let hasConnected = false;
  const watchers = new Map<number, Set<TicketWatcher>>();

  function subscribe(ticketId: number): void {
    socket?.emit(socketEvents.subscribe, ticketId, (result) => {
      for (const w of watchers.get(ticketId) ?? []) {
        if (result.ok) w.onSubscribed?.();
        else w.onRefused(result.error);
      }
    });
  }

  const onConnect = () => {
    const isReconnect = hasConnected;
    hasConnected = true;
    status.value = 'connected';
    // Rooms do not survive a reconnect: join them again, then catch up on what was missed.
    for (const ticketId of watchers.keys()) subscribe(ticketId);
    if (isReconnect) for (const set of watchers.values()) for (const w of set) w.onResync();
  };
  const onDisconnect = () => {
    status.value = socket?.active ? 'reconnecting' : 'unavailable';
  };
  const onConnectError = () => {
    // `active` stays true while socket.io keeps retrying; false means the server refused us for good.
    status.value = socket?.active ? (hasConnected ? 'reconnecting' : 'connecting') : 'unavailable';
  };
  const onTicketUpdated: ServerToClientEvents['ticket.updated'] = ({ ticket }) => {
    for (const w of watchers.get(ticket.id) ?? []) w.onTicket(ticket);
  };
  const onMessageCreated: ServerToClientEvents['message.created'] = ({ ticketId, message }) => {
    for (const w of watchers.get(ticketId) ?? []) w.onMessage(message);
  };
  // The server's own feed of events was cut for a moment: same catch-up as after a reconnect.
  const onServerResync = () => {
    for (const set of watchers.values()) for (const w of set) w.onResync();
  };

  function setup(): LiveSocket {
    const s = openLiveSocket();
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onConnectError);
    s.on(socketEvents.ticketUpdated, onTicketUpdated);
    s.on(socketEvents.messageCreated, onMessageCreated);
    s.on(socketEvents.resync, onServerResync);
    status.value = s.connected ? 'connected' : 'connecting';
    return s;
  }

  function teardown(): void {
    if (!socket) return;
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.off(socketEvents.ticketUpdated, onTicketUpdated);
    socket.off(socketEvents.messageCreated, onMessageCreated);
    socket.off(socketEvents.resync, onServerResync);
    socket.disconnect();
    socket = null;
    hasConnected = false;
    status.value = 'idle';
  }

  /** Follows one ticket until the returned function is called. */
  function watchTicket(ticketId: number, watcher: TicketWatcher): () => void {
    socket ??= setup();
    let set = watchers.get(ticketId);
    if (!set) {
      set = new Set();
      watchers.set(ticketId, set);
      if (socket.connected) subscribe(ticketId); // otherwise `onConnect` joins it
    }
    set.add(watcher);
    return () => {
      const current = watchers.get(ticketId);
      if (!current?.delete(watcher) || current.size > 0) return;
      watchers.delete(ticketId);
      if (socket?.connected) socket.emit(socketEvents.unsubscribe, ticketId);
      if (watchers.size === 0) teardown();
    };
  }

  return { status, watchTicket };
});
