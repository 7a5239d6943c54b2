import type pg from 'pg';

/** The PostgreSQL channel the access-change triggers notify on (see the migration of 2026-11-30 10:00). */
export const accessChangeChannel = 'ticketflow_access';

/** Whose rights to see tickets may have changed: one user, everyone of an organization, or one ticket's audience. */
export type AccessChange = { userId: number } | { organizationId: number } | { ticketId: number };

/** What a listener does with what it hears. */
export interface AccessChangeHandlers {
  onChange(change: AccessChange): void;
  /** After a lost connection is back: notifications sent meanwhile are gone, so check everything. */
  onResync(): void;
  onError(error: unknown): void;
}

/** A running listener. */
export interface AccessChangeListener {
  close(): Promise<void>;
}

function parseChange(payload: string | undefined): AccessChange | null {
  try {
    const value = JSON.parse(payload ?? '') as Record<string, unknown>;
    for (const key of ['userId', 'organizationId', 'ticketId'] as const)
      if (Number.isSafeInteger(value[key])) return { [key]: value[key] } as AccessChange;
  } catch {
    // Not ours (someone else NOTIFYing on the channel): ignored.
  }
  return null;
}

/**
 * LISTENs for access changes on one connection of `pool` for as long as it runs; a dropped
 * connection (PostgreSQL restarting, say) is replaced after `retryMs`, then `onResync` tells the
 * caller to re-check everything it holds.
 */
export function listenForAccessChanges(
  pool: pg.Pool,
  handlers: AccessChangeHandlers,
  retryMs = 1000,
): AccessChangeListener {
  let client: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let connectedBefore = false;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== accessChangeChannel) return;
    const change = parseChange(message.payload);
    if (change) handlers.onChange(change);
  };

  function drop(current: pg.PoolClient, error?: Error) {
    if (client !== current) return;
    client = null;
    current.off('notification', onNotification);
    current.release(error ?? true);
    if (!closed) retry = setTimeout(() => void connect(), retryMs);
  }

  async function connect() {
    if (closed) return;
    let current: pg.PoolClient;
    try {
      current = await pool.connect();
    } catch (error) {
      handlers.onError(error);
      if (!closed) retry = setTimeout(() => void connect(), retryMs);
      return;
    }
    if (closed) {
      current.release();
      return;
    }
    client = current;
    current.on('notification', onNotification);
    current.on('error', (error: Error) => {
      handlers.onError(error);
      drop(current, error);
    });
    try {
      await current.query(`LISTEN ${accessChangeChannel}`);
    } catch (error) {
      handlers.onError(error);
      drop(current, error as Error);
      return;
    }
    if (connectedBefore) handlers.onResync();
    connectedBefore = true;
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      if (!current) return;
      current.off('notification', onNotification);
      await current.query(`UNLISTEN ${accessChangeChannel}`).catch(() => undefined);
      current.release();
    },
  };
}
