import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { listenForAccessChanges, type AccessChange } from '../../db/access-changes.js';
import type { Db } from '../../db/connection.js';
import { socketBus, socketEvents, socketPath, socketRooms } from '../../domain/socket-events.js';
import { defaultTuning, usesSecureCookies, type AppSettings } from '../app-settings.js';
import { sessionMiddleware, type SessionTimeouts } from '../auth/session.js';
import type { LiveEvents } from '../../tickets/live-events.js';
import { createBusAdapter } from './postgres-bus-adapter.js';
import { callerOf, handshakeCredential } from './socket-credentials.js';
import { socketLiveEvents } from './socket-live-events.js';
import { recheckSocketRooms } from './room-recheck.js';
import { answerViewerQuestions, handleTicketPresence } from './ticket-presence.js';
import { handleTicketSubscriptions, serialQueue, type LiveIo, type LiveSocket } from './ticket-subscriptions.js';

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
  /** How often every socket's sign-in and rooms are checked again, besides the access changes PostgreSQL announces. */
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

type EngineMiddleware = (
  req: IncomingMessage & { _query: Record<string, string | undefined> },
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

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
  const io: LiveIo = new Server({
    path: socketPath,
    serveClient: false,
    // Same origin only: the portal is served by this server (no CORS headers are sent).
    adapter: createBusAdapter(options.busPool, {
      channelPrefix: socketBus.channelPrefix,
      tableName: socketBus.tableName,
      errorHandler: (error) => logger.warn({ err: error }, 'socket.io bus error'),
      // Only this server's sockets: every replica hears its own bus and tells its own clients.
      onListeningAgain: () => {
        logger.info('socket.io bus listening again; clients reload what they show');
        io.local.emit(socketEvents.resync);
      },
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
        socket.data.userId = caller.userId;
        socket.data.organizationId = caller.organizationId;
        socket.data.exclusive = serialQueue();
        socket.data.viewing = new Map();
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
  const onConnection = (socket: LiveSocket) => {
    handleTicketSubscriptions(db, socket, onError);
    handleTicketPresence(io, db, socket, onError);
  };
  io.on('connection', onConnection);
  const stopAnswering = answerViewerQuestions(io);

  // A socket outlives the request that opened it: sign-outs, timeouts, revoked keys, deactivations
  // and changes of role, organization or sharing must still apply to it.
  const recheck = (socket: LiveSocket) =>
    socket.data.exclusive(() => recheckSocketRooms(db, socket)).catch((error: unknown) => onError(error));
  const sockets = () => [...io.of('/').sockets.values()];
  const inRooms = (rooms: string[]) => {
    const ids = new Set(rooms.flatMap((room) => [...(io.of('/').adapter.rooms.get(room) ?? [])]));
    return sockets().filter((socket) => ids.has(socket.id));
  };
  // Who an access change concerns, among this replica's sockets (every replica hears it).
  const concerned = (change: AccessChange): LiveSocket[] => {
    if ('userId' in change) return inRooms([socketRooms.user(change.userId)]);
    if ('ticketId' in change)
      return inRooms([socketRooms.ticketStaff(change.ticketId), socketRooms.ticketPublic(change.ticketId)]);
    return sockets().filter((socket) => socket.data.organizationId === change.organizationId);
  };
  // Changes arrive from PostgreSQL as they commit, whichever process made them.
  const accessChanges = listenForAccessChanges(options.busPool, {
    onChange: (change) => concerned(change).forEach((socket) => void recheck(socket)),
    onResync: () => sockets().forEach((socket) => void recheck(socket)),
    onError: (error) => logger.warn({ err: error }, 'access-change listener lost its connection; reconnecting'),
  });
  // And every socket now and then, in case a notification was lost with a connection.
  async function recheckAll() {
    for (const socket of sockets()) await recheck(socket);
  }
  const periodic = setInterval(() => void recheckAll(), options.recheckEveryMs ?? 60_000);
  periodic.unref();

  return {
    events: socketLiveEvents(io),
    attach(server) {
      io.attach(server);
      // The engine exists once attached; it reads the session before the `io.use` check above runs.
      io.engine.use(onHandshakeOnly(sessions));
    },
    async close() {
      clearInterval(periodic);
      await accessChanges.close();
      io.off('connection', onConnection);
      stopAnswering();
      await io.close();
    },
  };
}
