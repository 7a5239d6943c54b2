import { createServer } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, requiredSettings, requireSettings } from '../config.js';
import { createDb } from '../db/connection.js';
import { connectTemporal, createTicketWorkflows } from '../workflows/client.js';
import { createApp } from './app.js';
import { settingsFromConfig } from './app-settings.js';
import { createAttachmentStore } from './attachments/attachment-store.js';
import { createLiveServer } from './live/live-server.js';

// The server process: API, sign-in, back office and portal on one port.
const config = requireSettings(loadConfig(), requiredSettings.server);
// Buffered, asynchronous writes: a log line per request must not cost a system call each.
const logger = pino({ level: config.LOG_LEVEL, base: { process: 'server' } }, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
const db = createDb(config.DATABASE_URL, { applicationName: 'ticketflow-server' });
const workflows = createTicketWorkflows(await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }));

const settings = settingsFromConfig(config);
// socket.io's PostgreSQL bus: one connection LISTENs, the others NOTIFY (events to other replicas).
const busPool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 3, application_name: 'ticketflow-server-bus' });
const live = createLiveServer({ db, busPool, logger, settings });
const attachments = { store: createAttachmentStore(path.resolve(config.DATA_DIR, 'attachments')), maxBytes: config.ATTACHMENT_MAX_BYTES };
const server = createServer(createApp({ db, workflows, logger, attachments, settings, live: live.events }));
live.attach(server);
server.on('error', (error: NodeJS.ErrnoException) => {
  logger.fatal(error.code === 'EADDRINUSE' ? `Port ${config.PORT} is already in use: stop what uses it or set PORT.` : error.message);
  process.exit(1);
});
server.listen(config.PORT, () => logger.info({ port: config.PORT }, 'server listening'));

// Ctrl-C reaches the whole process group and `npm start` then asks again: stop once.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'server stopping');
  server.close();
  server.closeAllConnections();
  await live.close();
  await busPool.end();
  await workflows.client.connection.close();
  await db.destroy();
  logger.flush();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
