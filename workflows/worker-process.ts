import { Runtime, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig, publicUrl, requiredSettings, requireSettings } from '../config.js';
import { createInAppPublisher } from '../notify/in-app-publisher.js';
import { createMailer } from '../notify/mailer.js';
import { createOutboundHttp } from '../notify/outbound-http.js';
import { createDb } from '../db/connection.js';
import { createPgPool } from '../db/pg-pool.js';
import { listActiveImapMailboxIds } from '../db/mailboxes.js';
import { createMailChannel } from '../mail/mail-channel.js';
import { attachmentStoreFor } from '../tickets/files/attachment-store-for.js';
import { connectTemporal, createTicketWorkflows } from './client.js';
import { ensureActivityPurgeSchedule } from './activity-purge-schedule.js';
import { runOutboxReconciler } from './outbox-relay.js';
import { createMailboxWorkflows } from './mailbox-client.js';
import { createMailboxWorker } from './mailbox-worker.js';
import { createTicketWorker } from './worker.js';
import { superviseWorker } from './worker-supervisor.js';

// The worker process: runs ticket workflows and activities, and the outbox reconciler that
// starts workflows for tickets committed while Temporal was unreachable.
const config = requireSettings(loadConfig(), requiredSettings.worker);
// Buffered, asynchronous writes: a log line per request must not cost a system call each.
const logger = pino(
  { level: config.LOG_LEVEL, base: { process: 'worker' } },
  pino.destination({ dest: 1, sync: false, minLength: 4096 }),
);
Runtime.install({
  logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN', (entry) =>
    logger[entry.level === 'ERROR' ? 'error' : 'warn']({ meta: entry.meta }, entry.message),
  ),
  // Signals are ours: the SDK's own handlers only shut down a running worker, and ours must also
  // end a wait between restarts and the reconciler.
  shutdownSignals: [],
});

const db = createDb(config.DATABASE_URL, {
  applicationName: 'ticketflow-worker',
  onWarning: (message) => logger.warn(message),
});
// socket.io's emitter needs a plain pg pool for NOTIFY; two connections are plenty.
const busPool = createPgPool(config.DATABASE_URL, {
  max: 2,
  applicationName: 'ticketflow-worker-bus',
  onError: (error) => logger.warn({ err: error }, 'live-event bus connection lost; it is replaced on next use'),
});
const workflows = createTicketWorkflows(
  await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, lazy: true }),
  { requestTimeoutMs: config.TEMPORAL_REQUEST_TIMEOUT_MS },
);
const mailer = createMailer({
  apiKey: config.SENDGRID_API_KEY,
  apiUrl: config.SENDGRID_API_URL,
  from: config.MAIL_FROM,
});
const appSecretKey = Buffer.from(config.APP_SECRET_KEY, 'base64');
const publisher = createInAppPublisher(busPool);
// The e-mail channel: threading headers and per-mailbox transports for ticket mail, and the
// IMAP intake behind the mailbox polling workflows.
const mail = createMailChannel({
  db,
  workflows,
  logger,
  appSecretKey,
  attachments: { store: attachmentStoreFor(config, db), maxBytes: config.ATTACHMENT_MAX_BYTES },
  sendgrid: mailer,
  defaultFrom: config.MAIL_FROM,
  allowHosts: config.OUTBOUND_ALLOW_HOSTS,
});
const activities = {
  db,
  mailer,
  publisher,
  appSecretKey,
  publicUrl: publicUrl(config),
  autoCloseSeconds: config.AUTO_CLOSE_DAYS * 86_400,
  outboundHttp: createOutboundHttp({ allowHosts: config.OUTBOUND_ALLOW_HOSTS }),
  ticketMail: mail.ticketMail,
  webhooks: {
    retryInitialSeconds: config.WEBHOOK_RETRY_INITIAL_SECONDS,
    retryForSeconds: 86_400,
    disableAfterSeconds: config.WEBHOOK_DISABLE_AFTER_HOURS * 3600,
  },
};
const stop = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    // A second signal while activities are still finishing means "now".
    if (++signals > 1) process.exit(1);
    logger.info({ signal: name }, 'worker stopping: finishing in-flight tasks');
    stop.abort();
  });
}

// What the worker keeps in place on Temporal's side: every active IMAP mailbox has its poller (also
// those created while Temporal was unreachable or by the CLI; starting is a no-op for a running
// poller), and the activity log's purge Schedule exists with today's retention. Checked at start
// and every minute, in the background, each call with a deadline: Temporal may be down, and the
// worker must still start its supervisors, answer signals and stop.
const mailboxes = createMailboxWorkflows(workflows.client);
const setupDeadlineMs = 10_000;
let purgeScheduleReady = false;
const keepTemporalSideInPlace = async () => {
  if (!purgeScheduleReady)
    purgeScheduleReady = await workflows.client
      .withDeadline(Date.now() + setupDeadlineMs, () =>
        ensureActivityPurgeSchedule(workflows.client, { retentionDays: config.ACTIVITY_RETENTION_DAYS }),
      )
      .then(() => true)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'could not create or update the activity-log purge schedule; trying again');
        return false;
      });
  for (const id of await listActiveImapMailboxIds(db).catch(() => [])) {
    if (stop.signal.aborted) return;
    await workflows.client
      .withDeadline(Date.now() + setupDeadlineMs, () => mailboxes.ensureRunning(id))
      .catch((error: unknown) => logger.warn({ err: error, mailboxId: id }, 'could not start the mailbox poller'));
  }
};

const reconciler = runOutboxReconciler(db, workflows, {
  intervalMs: 5000,
  signal: stop.signal,
  onError: (error) => logger.warn({ err: error }, 'outbox reconciler pass failed; retrying'),
  logger,
});

logger.info({ taskQueue: 'tickets', namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
let setupPass = keepTemporalSideInPlace();
const setupCheck = setInterval(() => {
  setupPass = setupPass.then(keepTemporalSideInPlace);
}, 60_000);
try {
  // Two workers (ticket lifecycles, mailbox pollers), each restarted when Temporal goes away.
  await Promise.all([
    superviseWorker({
      create: () =>
        createTicketWorker({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          logger,
          maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
          activities,
        }),
      logger,
      signal: stop.signal,
    }),
    superviseWorker({
      create: () =>
        createMailboxWorker({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          sync: mail.imap,
        }),
      logger,
      signal: stop.signal,
    }),
  ]);
} catch (error) {
  stop.abort(); // the other worker stops too
  logger.fatal({ err: error }, 'worker failed');
  logger.flush();
  process.exitCode = 1;
}
clearInterval(setupCheck);
await setupPass;
await mail.imap.close();
stop.abort();
await reconciler;
await workflows.close();
await db.destroy();
await busPool.end();
logger.info('worker stopped');
logger.flush();
