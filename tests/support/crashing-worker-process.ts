import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDb } from '../../db/connection.js';
import { createMailer } from '../../notify/mailer.js';
import { createTicketWorker } from '../../workflows/worker.js';
import { crashAfterWrite } from './crash-after-write.js';

/** What the test hands the crashing worker on its command line (JSON). */
export interface CrashingWorkerSettings {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  captureUrl: string;
  publicUrl: string;
  /** Write steps to crash after, once each (see crashAfterWrite). */
  crashAfter: string[];
  /** The file remembering which steps crashed already. */
  ledger: string;
}

// A ticket worker like workflows/worker-process.ts, with the test-only fault hook switched on. Run
// as a child process (`node --import tsx tests/support/crashing-worker-process.ts '<json>'`), so
// the hook can kill it for real.
const settings = JSON.parse(process.argv[2] ?? '{}') as CrashingWorkerSettings;
Runtime.install({ logger: new DefaultLogger('ERROR') });
const db = createDb(settings.databaseUrl, { poolMax: 5 });
const { worker } = await createTicketWorker({
  address: settings.temporalAddress,
  namespace: 'default',
  taskQueue: settings.taskQueue,
  activityInterceptors: [crashAfterWrite(settings.crashAfter, settings.ledger)],
  activities: {
    db,
    mailer: createMailer({
      apiKey: 'SG.test',
      apiUrl: settings.captureUrl,
      from: 'TicketFlow <support@ticketflow.example>',
    }),
    publisher: null,
    appSecretKey: null,
    publicUrl: settings.publicUrl,
    autoCloseSeconds: 7 * 86_400,
  },
});
await worker.run();
await db.destroy();
