import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Db } from '../../db/connection.js';
import { socketBus, socketPath, socketRooms, type ClientToServerEvents, type ServerToClientEvents } from '../../domain/socket-events.js';
import { defaultTuning, usesSecureCookies, type AppSettings } from '../app-settings.js';
import { sessionMiddleware, type SessionTimeouts } from '../auth/session.js';
import type { LiveEvents } from '../live-events.js';
import { createBusAdapter } from './postgres-bus-adapter.js';
import { callerOf, handshakeCredential } from './socket-credentials.js';
import { socketLiveEvents } from './socket-live-events.js';
import { handleTicketSubscriptions, type LiveSocket, type LiveSocketData } from './ticket-subscriptions.js';

/** What the socket.io server is built from. */
export interface LiveServerOptions {
  db: Db;
  /** A plain pg pool for socket.io's PostgreSQL bus: one connection LISTENs for as long as the server runs. */
  busPool: pg.Pool;
  logger: Logger;
  /** The HTTP app's settings: a socket reads the same session (secret, cookie) as the API does. */
  settings: AppSettings;
  /** The HTTP app's session timeouts (tests shrink them). */
  sessionTimeouts?: SessionTimeouts;
  /** How often every socket's sign-in is checked again (sign-out, timeouts, revoked keys, deactivation). */
  recheckEveryMs?: number;
}

/** socket.io on `/ws`: authenticated, joined to the rooms of tickets the caller may see, shared across replicas. */
export interface LiveServer {
  /** What the API calls when it changes something browsers watch. */
  events: LiveEvents;
  attach(server: HttpServer): void;
  /** Disconnects every socket, stops listening on the bus (the pool stays the caller's to end). */
  close(): Promise<void>;
}

type EngineMiddleware = (req: IncomingMessage & { _query: Record<string, string | undefined> }, res: ServerResponse, next: (error?: unknown) => void) => void;

// The session is read once, on the handshake; later polling requests of the same connection carry
// its sid and need no session lookup (socket.io's documented pattern for express-session).
const onHandshakeOnly =
  (middleware: RequestHandler): EngineMiddleware =>
  (req, res, next) =>
    req._query.sid === undefined ? (middleware as unknown as EngineMiddleware)(req, res, next) : next();

/** Builds the socket.io server; `attach` it to the HTTP server before it listens. */
export function createLiveServer(options: LiveServerOptions): LiveServer {
  const { db, logger } = options;
  const timeouts = options.sessionTimeouts ?? defaultTuning.sessionTimeouts;
  const siteOrigin = new URL(options.settings.publicUrl).origin;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>({
    path: socketPath,
    serveClient: false,
    // Same origin only: the portal is served by this server (no CORS headers are sent).
    adapter: createBusAdapter(options.busPool, {
      channelPrefix: socketBus.channelPrefix,
      tableName: socketBus.tableName,
      errorHandler: (error) => logger.warn({ err: error }, 'socket.io bus error'),
    }),
  });
  const sessions = sessionMiddleware(db, {
    secret: options.settings.sessionSecret,
    secure: usesSecureCookies(options.settings),
    timeouts,
    onStoreError: (error) => logger.error({ err: error }, 'session store error (socket.io)'),
  });

  // Refuses the connection (the client sees `connect_error` "unauthenticated") without a valid sign-in.
  io.use((socket: LiveSocket, next) => {
    const credential = handshakeCredential({ auth: socket.handshake.auth, request: socket.request }, siteOrigin);
    if (!credential) return next(new Error('unauthenticated'));
    callerOf(db, credential, timeouts, false).then(
      (caller) => {
        if (!caller) return next(new Error('unauthenticated'));
        socket.data.currentCaller = () => callerOf(db, credential, timeouts, true);
        void socket.join(socketRooms.user(caller.userId));
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'could not authenticate a socket');
        next(new Error('unavailable'));
      },
    );
  });

  const onError = (error: unknown) => logger.error({ err: error }, 'socket.io handler failed');
  const onConnection = (socket: LiveSocket) => handleTicketSubscriptions(db, socket, onError);
  io.on('connection', onConnection);

  // A socket outlives the request that opened it: sign-outs, timeouts, revoked keys and deactivations
  // must still end it, so each one is checked again now and then.
  async function recheckSockets() {
    for (const socket of io.of('/').sockets.values()) {
      const caller = await socket.data.currentCaller?.().catch(() => undefined);
      if (caller === null) socket.disconnect(true);
    }
  }
  const recheck = setInterval(() => void recheckSockets(), options.recheckEveryMs ?? 60_000);
  recheck.unref();

  return {
    events: socketLiveEvents(io),
    attach(server) {
      io.attach(server);
      // The engine exists once attached; it reads the session before the `io.use` check above runs.
      io.engine.use(onHandshakeOnly(sessions));
    },
    async close() {
      clearInterval(recheck);
      io.off('connection', onConnection);
      await io.close();
    },
  };
}
