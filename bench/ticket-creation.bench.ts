import { createApiKey } from '../db/api-keys.js';
import { findTicketLifecycleRow, insertTicketWithOutbox } from '../db/tickets.js';
import { insertUser } from '../db/users.js';
import type { BenchStack } from './local-stack.js';
import { runConcurrently } from './stats.js';

/**
 * Tickets created per second through `POST /api/tickets` (validation, auth, transaction, workflow
 * start) against the raw ceiling: the same insert and workflow start in a loop, no HTTP.
 */
export async function benchTicketCreation(
  stack: BenchStack,
  options: { total: number; concurrency: number },
): Promise<string[]> {
  const user = await insertUser(stack.db, { email: `bench-${Date.now()}@bench.example`, name: 'Bench', role: 'agent' });
  const { key } = await createApiKey(stack.db, { userId: user.id, name: 'bench' });
  const { total, concurrency } = options;

  const { seconds: rawSeconds } = await runConcurrently(total, concurrency, async (i) => {
    const { ticket } = await insertTicketWithOutbox(
      stack.db,
      { title: `raw ${i}`, description: 'bench', priority: 'normal', requesterId: user.id, channel: 'api' },
      { actorId: user.id, source: 'api' },
    );
    const row = await findTicketLifecycleRow(stack.db, ticket.id);
    if (row) await stack.workflows.start(row);
  });

  const { seconds: apiSeconds } = await runConcurrently(total, concurrency, async (i) => {
    const res = await fetch(`${stack.baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `api ${i}`, description: 'bench' }),
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  });

  const raw = total / rawSeconds;
  const api = total / apiSeconds;
  return [
    `ticket creation (${total} tickets, ${concurrency} concurrent, each with its workflow started)`,
    `  raw insert + start:   ${raw.toFixed(1)} tickets/s`,
    `  POST /api/tickets:    ${api.toFixed(1)} tickets/s`,
    `  ratio API / raw:      ${(api / raw).toFixed(2)}`,
  ];
}
