import { PostgresAdapter } from '@socket.io/postgres-adapter';
import { PubSubClient } from '@socket.io/postgres-adapter/dist/util.js';
import type pg from 'pg';
import type { ClusterMessage } from 'socket.io-adapter';

/** Where the bus runs and what to do with its errors. */
export interface BusAdapterOptions {
  channelPrefix: string;
  tableName: string;
  errorHandler: (error: Error) => void;
}

type Namespace = { name: string };
type Adapter = PostgresAdapter & { uid: string };

/**
 * `createAdapter` of @socket.io/postgres-adapter 0.5, which also hears the worker's
 * @socket.io/postgres-emitter 0.1. Since 0.4 the adapter routes each message by its `nsp` field,
 * which that emitter (the newest release) does not send, so the stock adapter drops every event
 * the worker emits. A message without `nsp` arrived on the channel of the main namespace (the
 * only one the emitter publishes to here), so it is given `/`. Built from the package's own
 * PostgresAdapter and PubSubClient; otherwise it wires them as the package's `createAdapter` does.
 */
export function createBusAdapter(pool: pg.Pool, options: BusAdapterOptions): (nsp: Namespace) => PostgresAdapter {
  const namespaces = new Map<string, Adapter>();
  const namespaceOf = (message: { nsp?: string }) => message.nsp ?? '/';
  // Upstream's client loses its LISTEN connection when closed while it is still connecting (a
  // server stopped right after starting): the connection is checked out after close() and never
  // released, so pool.end() waits forever. Connections it gets after closing go straight back, and
  // its request never settles (no retry loop, nothing holding the process open).
  let closed = false;
  const never = new Promise<never>(() => {});
  const guardedPool = {
    query: pool.query.bind(pool),
    async connect() {
      if (closed) return never;
      const connection = await pool.connect();
      // The LISTEN connection stays checked out, so the pool's idle listener is off it: without one
      // of ours a PostgreSQL restart would be an uncaught `error`. Its `end` makes upstream reconnect.
      connection.on('error', options.errorHandler);
      if (!closed) return connection;
      connection.release();
      return never;
    },
  } as unknown as pg.Pool;
  const client = new PubSubClient(
    guardedPool,
    { payloadThreshold: 8000, cleanupInterval: 30_000, ...options },
    (message) => namespaces.get(namespaceOf(message))?.uid === message.uid,
    (message) =>
      namespaces.get(namespaceOf(message))?.onMessage({ ...message, nsp: namespaceOf(message) } as ClusterMessage),
  );
  // socket.io calls this with `new`: it must be a function, not an arrow (which cannot be constructed).
  return function busAdapter(nsp) {
    const adapter = new PostgresAdapter(nsp, {}, client) as Adapter;
    namespaces.set(nsp.name, adapter);
    client.addNamespace(nsp.name);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      namespaces.delete(nsp.name);
      if (namespaces.size === 0) {
        closed = true;
        client.close();
      }
      return close();
    };
    return adapter;
  };
}
