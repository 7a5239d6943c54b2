import { createServer } from 'node:http';
import pino from 'pino';
import { loadConfig, requiredSettings, requireSettings } from '../config.js';
import { createDb } from '../db/connection.js';
import { createPgPool } from '../db/pg-pool.js';
import { connectTemporal, createTicketWorkflows } from '../workflows/client.js';
import { createMailChannel } from '../mail/mail-channel.js';
import { createApp } from './app.js';
import { settingsFromConfig } from './app-settings.js';
import { attachmentStoreFor } from '../tickets/files/attachment-store-for.js';
import { createLiveServer } from './live/live-server.js';

// The server process: API, sign-in, back office and portal on one port.
const config = requireSettings(loadConfig(), requiredSettings.server);
// Buffered, asynchronous writes: a log line per request must not cost a system call each.
const logger = pino(
  { level: config.LOG_LEVEL, base: { process: 'server' } },
  pino.destination({ dest: 1, sync: false, minLength: 4096 }),
);
const db = createDb(config.DATABASE_URL, {
  applicationName: 'ticketflow-server',
  onWarning: (message) => logger.warn(message),
});
const workflows = createTicketWorkflows(
  // Lazy: the server starts (and answers 503 on workflow calls) while Temporal is down.
  await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, lazy: true }),
  { requestTimeoutMs: config.TEMPORAL_REQUEST_TIMEOUT_MS },
);

const settings = settingsFromConfig(config);
// socket.io's PostgreSQL bus: one connection LISTENs, the others NOTIFY (events to other replicas).
const busPool = createPgPool(config.DATABASE_URL, {
  max: 3,
  applicationName: 'ticketflow-server-bus',
  onError: (error) => logger.warn({ err: error }, 'live-event bus connection lost; it is replaced on next use'),
});
const live = createLiveServer({ db, busPool, logger, settings });
const attachments = {
  store: attachmentStoreFor(config, db),
  maxBytes: config.ATTACHMENT_MAX_BYTES,
};
// The e-mail channel's intake for SendGrid Inbound Parse posts (IMAP mailboxes are polled by the worker).
const mail = createMailChannel({
  db,
  workflows,
  logger,
  appSecretKey: settings.appSecretKey,
  attachments,
  sendgrid: null, // the server only takes mail in; the worker sends it
  defaultFrom: config.MAIL_FROM,
  allowHosts: config.OUTBOUND_ALLOW_HOSTS,
  live: live.events,
});
const app = createApp({ db, workflows, logger, attachments, settings, live: live.events, mail: mail.importer });
// While draining, every answer says `Connection: close`, so keep-alive clients open their next
// request elsewhere (another replica) instead of on a connection that is about to close.
let draining = false;
const server = createServer((req, res) => {
  if (draining) res.setHeader('Connection', 'close');
  app(req, res);
});
live.attach(server);
server.on('error', (error: NodeJS.ErrnoException) => {
  logger.fatal(
    error.code === 'EADDRINUSE'
      ? `Port ${config.PORT} is already in use: stop what uses it or set PORT.`
      : error.message,
  );
  process.exit(1);
});
server.listen(config.PORT, () => logger.info({ port: config.PORT }, 'server listening'));

/** How long in-flight requests may take to finish after SIGTERM (compose's stop_grace_period is longer). */
const drainTimeoutMs = 20_000;

// Graceful stop: no new connections, requests already accepted finish, live sockets are closed with
// a transport close (socket.io clients reconnect, reaching another replica), then the pools close.
// Ctrl-C reaches the whole process group and `npm start` then asks again: stop once.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  draining = true;
  logger.info({ signal }, 'server stopping: finishing in-flight requests');
  const drained = Promise.all([
    new Promise<void>((resolve) => server.close(() => resolve())),
    // Ends every socket.io connection ("transport close": clients reconnect); resolves once the
    // HTTP server has closed too, i.e. when the last in-flight request has finished.
    live.close(),
  ]);
  // Keep-alive connections whose request was in flight go idle only later: close those as they do.
  const closeIdle = setInterval(() => server.closeIdleConnections(), 200);
  server.closeIdleConnections();
  const timedOut = await Promise.race([
    drained.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), drainTimeoutMs).unref()),
  ]);
  if (timedOut) logger.warn(`requests still running after ${drainTimeoutMs / 1000} s; closing their connections`);
  clearInterval(closeIdle);
  server.closeAllConnections();
  await busPool.end();
  await workflows.close();
  await db.destroy();
  logger.info('server stopped');
  logger.flush();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
