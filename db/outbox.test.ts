import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '../tests/support/isolated-database.js';
import { createDb, type Db } from './connection.js';
import { insertMessageWithOutbox } from './messages.js';
import { processPendingOutbox, purgeProcessedOutbox, retryDelaySeconds, type OutboxEntry } from './outbox.js';
import { insertTicketWithOutbox } from './tickets.js';
import { insertUser } from './users.js';

// The relay's queue on a database of its own (a pass takes every due entry).
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const isolated = await createIsolatedDatabase();
  drop = isolated.drop;
  db = createDb(isolated.url, { poolMax: 3 });
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

async function ticketWithReplies(replies: number): Promise<number> {
  const user = await insertUser(db, {
    email: `q-${Date.now()}-${Math.random()}@test.example`,
    name: 'Q',
    role: 'customer',
  });
  const { ticket } = await insertTicketWithOutbox(
    db,
    { title: 'Queued', description: 'x', priority: 'normal', requesterId: user.id, channel: 'api' },
    { actorId: user.id, source: 'api' },
  );
  for (let i = 0; i < replies; i++)
    await insertMessageWithOutbox(
      db,
      { ticketId: ticket.id, authorId: user.id, body: `reply ${i}`, internal: false, source: 'api' },
      (m) => ({ messageId: m.id }),
    );
  return ticket.id;
}

describe('the outbox', () => {
  it('delivers a ticket’s entries in order, holds them back while an older one waits for its retry, and backs off', async () => {
    const a = await ticketWithReplies(2);
    const b = await ticketWithReplies(0);
    const handled: string[] = [];
    const failStartOf = new Set([a]);
    const handle = async (entry: OutboxEntry) => {
      if (entry.topic === 'ticket.start_workflow' && failStartOf.has(entry.ticketId))
        throw new Error('Temporal is down');
      handled.push(`${entry.ticketId === a ? 'a' : 'b'}:${entry.topic}`);
    };

    // A's start fails: its replies wait; B goes on.
    expect(await processPendingOutbox(db, 100, handle)).toEqual({ processed: 1, failed: 1 });
    expect(handled).toEqual(['b:ticket.start_workflow']);
    const failed = await db('outbox').where({ ticket_id: a, topic: 'ticket.start_workflow' }).first();
    expect(failed).toMatchObject({ attempts: 1, last_error: 'Temporal is down', processed_at: null });
    const waitMs = failed.next_attempt_at.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(retryDelaySeconds(1) * 1000);

    // Not due yet: nothing happens, the replies still wait behind it.
    failStartOf.clear();
    expect(await processPendingOutbox(db, 100, handle)).toEqual({ processed: 0, failed: 0 });

    await new Promise((r) => setTimeout(r, waitMs + 50));
    expect(await processPendingOutbox(db, 100, handle)).toEqual({ processed: 3, failed: 0 });
    expect(handled).toEqual([
      'b:ticket.start_workflow',
      'a:ticket.start_workflow',
      'a:ticket.message_added',
      'a:ticket.message_added',
    ]);
    expect(await db('outbox').whereIn('ticket_id', [a, b]).whereNull('processed_at')).toHaveLength(0);
  });

  it('waits longer after each failure, at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });

  it('purges delivered entries once old enough, and keeps what is pending or recent', async () => {
    const ticketId = await ticketWithReplies(2);
    const [start, ...replies] = await db('outbox').where({ ticket_id: ticketId }).orderBy('id').pluck('id');
    await db('outbox')
      .where({ id: start })
      .update({ processed_at: new Date(Date.now() - 10 * 86_400_000) });
    await db('outbox').where({ id: replies[0] }).update({ processed_at: new Date() });
    const cutoff = new Date(Date.now() - 7 * 86_400_000);
    expect(await purgeProcessedOutbox(db, cutoff)).toBeGreaterThanOrEqual(1);
    expect(await db('outbox').where({ ticket_id: ticketId }).orderBy('id').pluck('id')).toEqual(replies);
    expect(await purgeProcessedOutbox(db, cutoff)).toBe(0);
  });

  it('lets a request relaying its own ticket wait for the pass delivering that ticket’s start, where a pass skips it', async () => {
    const ticketId = await ticketWithReplies(0);
    const handled: number[] = [];
    const handle = async (entry: OutboxEntry) => void handled.push(entry.ticketId);
    // Another pass (the reconciler) is in the middle of starting this ticket's workflow.
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const otherPass = db.transaction(async (trx) => {
      const entry = await trx('outbox').where({ ticket_id: ticketId }).forUpdate().first('id');
      await finished;
      await trx('outbox').where({ id: entry.id }).update({ processed_at: trx.fn.now() });
    });
    await new Promise((r) => setTimeout(r, 100));

    // A pass over every ticket skips the entry being delivered at once.
    expect(await processPendingOutbox(db, 10, handle, { ticketId })).toEqual({ processed: 0, failed: 0 });
    // The request's relay answers only after the other pass has committed the start.
    let answered = false;
    const relayed = processPendingOutbox(db, 10, handle, { ticketId, waitForLocked: true }).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    finish();
    await otherPass;
    expect(await relayed).toEqual({ processed: 0, failed: 0 });
    expect(handled).toEqual([]);
    expect(await db('outbox').where({ ticket_id: ticketId }).whereNull('processed_at')).toEqual([]);
  });
});
