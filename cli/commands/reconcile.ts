import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { reconcileTicketWorkflows } from '../../tickets/reconcile-workflows.js';
import { connectTemporal, createTicketWorkflows } from '../../workflows/client.js';
import { exitCodeOf } from '../outcome-exit.js';
import { CliUsageError, type CliOutput } from '../output.js';

/**
 * `reconcile`: delivers queued workflow starts and messages, then makes sure every open ticket has its
 * running workflow (after a restore onto a fresh Temporal too); returns the exit code.
 */
export async function reconcile(db: Db, config: Config, out: CliOutput): Promise<number> {
  if (!config.TEMPORAL_ADDRESS)
    throw new CliUsageError('TEMPORAL_ADDRESS is required: the address of the Temporal frontend, e.g. localhost:7233');
  const client = await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
  const workflows = createTicketWorkflows(client, { requestTimeoutMs: config.TEMPORAL_REQUEST_TIMEOUT_MS });
  try {
    const outcome = await reconcileTicketWorkflows(db, workflows, { allOpenTickets: true });
    if (outcome.kind === 'ok') {
      const { delivered, failed, openChecked, openFailed } = outcome.value;
      out.result(
        `delivered ${delivered} workflow start(s) and message(s); ${failed} failed and stay queued; ` +
          `${openChecked} open ticket(s) checked, each has its workflow` +
          (openFailed ? ` except ${openFailed} that failed (run reconcile again)` : ''),
      );
    } else out.info(outcome.message);
    return exitCodeOf(outcome);
  } finally {
    // Through the door: it waits for any call still retrying before it closes the connection.
    await workflows.close();
  }
}
