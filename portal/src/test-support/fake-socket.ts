import { vi } from 'vitest';

// The portal registers typed listeners through socket.io-client's types; the fake plays the server
// and calls them with whatever the test sends.
type Handler = (...args: unknown[]) => void;

/**
 * A fake socket.io client socket: the test plays the server (connect, disconnect, push events)
 * and reads what the portal emitted and which listeners are still attached.
 */
export class FakeSocket {
  connected = false;
  active = true;
  emitted: { event: string; args: unknown[] }[] = [];
  disconnectCalls = 0;
  /** What the server acks to `ticket.subscribe`. */
  subscribeAck: { ok: true } | { ok: false; error: string } = { ok: true };
  private handlers = new Map<string, Set<Handler>>();

  on(event: string, handler: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Handler) : null;
    this.emitted.push({ event, args });
    ack?.(this.subscribeAck);
    return this;
  }
  disconnect() {
    this.disconnectCalls += 1;
    this.connected = false;
    this.active = false;
    return this;
  }

  /** How many listeners are attached, for one event or in all. */
  listenerCount(event?: string): number {
    if (event) return this.handlers.get(event)?.size ?? 0;
    return [...this.handlers.values()].reduce((n, set) => n + set.size, 0);
  }
  /** The server accepts the connection (first time or after a drop). */
  serverConnect() {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }
  /** The connection drops; socket.io keeps retrying. */
  serverDrop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  /** The server pushes an event. */
  serverSend(event: string, payload: unknown) {
    this.fire(event, payload);
  }
  private fire(event: string, ...args: unknown[]) {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
}

/** The sockets the portal opened, newest last. */
export const sockets: FakeSocket[] = [];

/** Stands in for the `socket.io-client` module: `vi.mock('socket.io-client', () => socketIoModule)`. */
export const socketIoModule = {
  io: vi.fn(() => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  }),
};

/** The socket the portal opened last. */
export function lastSocket(): FakeSocket {
  const socket = sockets[sockets.length - 1];
  if (!socket) throw new Error('The portal opened no socket.');
  return socket;
}
