import pg from 'pg';

/** Options for a plain pg pool (for the libraries that need one rather than Knex). */
export interface PgPoolOptions {
  max: number;
  applicationName: string;
  /** Told about connections that die while idle (e.g. PostgreSQL restarting); the pool replaces them. */
  onError: (error: Error) => void;
}

/**
 * A pg pool whose idle connections may die without killing the process: without an `error`
 * listener, a restart of PostgreSQL (57P01, "Connection terminated unexpectedly") is an uncaught
 * exception. Every pool TicketFlow or a library it feeds (socket.io's bus, the emitter) uses comes from here.
 */
export function createPgPool(url: string, options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    application_name: options.applicationName,
    // A connection attempt to a stopped server fails fast instead of hanging on the OS's timeout.
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', options.onError);
  return pool;
}
