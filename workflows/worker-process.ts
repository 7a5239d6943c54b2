import { Runtime, DefaultLogger } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, publicUrl, requiredSettings, requireSettings } from '../config.js';
import { createInAppPublisher } from '../notify/in-app-publisher.js';
import { createMailer } from '../notify/mailer.js';
import { createDb } from '../db/connection.js';
import { connectTemporal, createTicketWorkflows } from './client.js';
import { runOutboxReconciler } from './outbox-relay.js';
import { createTicketWorker } from './worker.js';

// The worker process: runs ticket workflows and activities, and the outbox reconciler that
// starts workflows for tickets committed while Temporal was unreachable.
const config = requireSettings(loadConfig(), requiredSettings.worker);
// Buffered, asynchronous writes: a log line per request must not cost a system call each.
const logger = pino({ level: config.LOG_LEVEL, base: { process: 'worker' } }, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN', (entry) => logger[entry.level === 'ERROR' ? 'error' : 'warn']({ meta: entry.meta }, entry.message)) });

const db = createDb(config.DATABASE_URL, { applicationName: 'ticketflow-worker' });
// socket.io's emitter needs a plain pg pool for NOTIFY; two connections are plenty.
const busPool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: 'ticketflow-worker-bus' });
const { worker, connection } = await createTicketWorker({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
  logger,
  activities: {
    db,
    mailer: createMailer({ apiKey: config.SENDGRID_API_KEY, apiUrl: config.SENDGRID_API_URL, from: config.MAIL_FROM }),
    publisher: createInAppPublisher(busPool),
    appSecretKey: Buffer.from(config.APP_SECRET_KEY, 'base64'),
    publicUrl: publicUrl(config),
    autoCloseSeconds: config.AUTO_CLOSE_DAYS * 86_400,
  },
});
const workflows = createTicketWorkflows(await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }));

const stopReconciler = new AbortController();
const reconciler = runOutboxReconciler(db, workflows, {
  intervalMs: 5000,
  signal: stopReconciler.signal,
  onError: (error) => logger.warn({ err: error }, 'outbox reconciler pass failed; retrying'),
});

logger.info({ taskQueue: 'tickets', namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
// Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs those handlers).
await worker.run();
stopReconciler.abort();
await reconciler;
await workflows.client.connection.close();
await connection.close();
await db.destroy();
await busPool.end();
logger.info('worker stopped');
