/**
 * Recognises errors that mean "PostgreSQL cannot be reached right now" (down, restarting, or out of
 * connections), as opposed to a bad query: callers answer 503 and retry instead of failing for good.
 */

// Socket-level failures while connecting or talking to the server.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs of a server going away or not taking connections yet: admin_shutdown, crash_shutdown,
// cannot_connect_now (starting up or recovering), too_many_connections; class 08 is connection exceptions.
const serverCodes = new Set(['57P01', '57P02', '57P03', '53300']);

const messages = [
  /^Connection terminated/, // pg: the socket closed under a query ("… unexpectedly", "… due to connection timeout")
  /Client has encountered a connection error and is not queryable/,
  /timeout exceeded when trying to connect/, // pg-pool's connectionTimeoutMillis
  /^Knex: Timeout acquiring a connection/, // the pool could not hand out a connection in time
  /Client was closed and is not queryable/,
];

function classifyOne(error: object): boolean {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (networkCodes.has(code) || serverCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && messages.some((pattern) => pattern.test(message));
}

/** True when `error` (or an error it wraps) means the database is unreachable, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    if (classifyOne(next)) return true;
    // Node reports a refused dual-stack connect as an AggregateError of one error per address.
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
    queue.push((next as { cause?: unknown }).cause);
  }
  return false;
}
