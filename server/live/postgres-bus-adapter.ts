import { PostgresAdapter } from '@socket.io/postgres-adapter';
import { PubSubClient } from '@socket.io/postgres-adapter/dist/util.js';
import type pg from 'pg';
import type { ClusterMessage } from 'socket.io-adapter';

/** Where the bus runs and what to do with its errors. */
export interface BusAdapterOptions {
  channelPrefix: string;
  tableName: string;
  errorHandler: (error: Error) => void;
  /**
   * The bus listens again on a new connection after its last one ended (PostgreSQL restarted): what
   * other processes sent in between was not heard, so this server's clients must catch up.
   */
  onListeningAgain?: () => void;
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
  // Upstream never releases its LISTEN connection in two cases, and the pool counts it forever
  // (pool.end() then waits forever, and each one lost takes a place in the pool):
  // - closed while still connecting (a server stopped right after starting): a connection it gets
  //   after close() goes straight back and its request never settles (no retry loop, nothing
  //   holding the process open); one it got before, still sending LISTEN, is released on close;
  // - a connection that ended (PostgreSQL restarted): upstream connects anew and forgets the old
  //   one, so it is released here when it ends.
  let closed = false;
  let listening: pg.PoolClient | undefined;
  let connections = 0;
  const never = new Promise<never>(() => {});
  const guardedPool = {
    query: pool.query.bind(pool),
    async connect() {
      if (closed) return never;
      const connection = await pool.connect();
      // The LISTEN connection stays checked out, so the pool's idle listener is off it: without one
      // of ours a PostgreSQL restart would be an uncaught `error`. Its `end` makes upstream reconnect.
      connection.on('error', options.errorHandler);
      if (closed) {
        connection.release();
        return never;
      }
      const query = connection.query;
      if (connections++ > 0 && options.onListeningAgain) {
        const told = options.onListeningAgain;
        let listened = false;
        // Upstream LISTENs with a promise query right after connecting; its success is the moment.
        connection.query = ((...args: Parameters<typeof query>) => {
          const result = (query as (...a: unknown[]) => unknown).apply(connection, args);
          if (!listened && typeof args[0] === 'string' && args[0].startsWith('LISTEN ') && result instanceof Promise) {
            listened = true;
            result.then(told, () => undefined);
          }
          return result;
        }) as typeof query;
      }
      // Released by whichever comes first (upstream, its end, closing): pg throws on a second release.
      const release = connection.release;
      let released = false;
      connection.release = (error?: Error | boolean) => {
        if (released) return;
        released = true;
        if (listening === connection) listening = undefined;
        connection.query = query;
        release(error);
      };
      connection.once('end', () => connection.release(true));
      listening = connection;
      return connection;
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
        listening?.release(true);
      }
      return close();
    };
    return adapter;
  };
}
