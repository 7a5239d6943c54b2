import { benchAdminList } from './admin-list.bench.js';
import { startBenchStack } from './local-stack.js';
import { benchTicketCreation } from './ticket-creation.bench.js';

// `npm run bench`: each benchmark prints its figures beside a baseline measured in the same run.
const stack = await startBenchStack();
try {
  for (const line of await benchTicketCreation(stack, { total: 500, concurrency: 20 })) process.stdout.write(`${line}\n`);
  for (const line of await benchAdminList(stack, { tickets: 100_000 })) process.stdout.write(`${line}\n`);
} finally {
  await stack.close();
}
