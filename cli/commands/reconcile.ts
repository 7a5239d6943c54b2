import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { connectTemporal, createTicketWorkflows } from '../../workflows/client.js';
import { relayPendingOutbox } from '../../workflows/outbox-relay.js';
import { CliUsageError, type CliOutput } from '../output.js';

/** `reconcile`: starts the workflow of every ticket still waiting for one. */
export async function reconcile(db: Db, config: Config, out: CliOutput): Promise<void> {
  if (!config.TEMPORAL_ADDRESS) throw new CliUsageError('TEMPORAL_ADDRESS is required: the address of the Temporal frontend, e.g. localhost:7233');
  const client = await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
  try {
    const { processed, failed } = await relayPendingOutbox(db, createTicketWorkflows(client), 100_000);
    out.result(`started ${processed} workflow(s); ${failed} failed and stay queued`);
  } finally {
    await client.connection.close();
  }
}
