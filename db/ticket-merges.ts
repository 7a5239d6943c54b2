import type { Knex } from 'knex';
import type { MergeFacts } from '../domain/ticket-merge.js';
import type { Actor } from '../domain/ticket-event-types.js';
import { insertOutboxEntry } from './outbox.js';

/** A ticket as a merge sees it: the rule's facts and whom it concerns. */
export interface MergeTicketRow extends MergeFacts {
  requesterId: number;
  title: string;
  description: string;
  createdAt: Date;
}

/**
 * Locks both tickets of a merge (in id order, so two merges of the same pair cannot deadlock) and
 * reads what the merge rules need; a merge decided on these rows cannot race another change of them.
 */
export async function lockTicketsForMerge(trx: Knex, ids: readonly number[]): Promise<Map<number, MergeTicketRow>> {
  const rows = await trx('tickets')
    .whereIn('id', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .select(
      'id',
      'number',
      'title',
      'description',
      'created_at',
      'status',
      'organization_id',
      'merged_into_ticket_id',
      'requester_id',
    );
  return new Map(
    rows.map((r) => [
      r.id as number,
      {
        id: r.id,
        number: r.number,
        status: r.status,
        organizationId: r.organization_id,
        mergedIntoTicketId: r.merged_into_ticket_id,
        requesterId: r.requester_id,
        title: r.title,
        description: r.description,
        createdAt: r.created_at,
      },
    ]),
  );
}

/** What a merge wrote: the copied messages (original id, null for the description → copy id) and the people added to the target. */
export interface MergeWrites {
  copiedMessages: { from: number | null; to: number }[];
  movedAttachmentIds: number[];
  addedParticipantIds: number[];
}

/**
 * Writes a merge in the caller's transaction: the duplicate's request (title and description, as the
 * requester wrote it) and its messages copied into the target (each naming its ticket and original,
 * keeping its author, time and visibility), its attachments moved to the target and onto the copies (the stored file is the same, so it stays downloadable from the target), its
 * requester and participants added to the target's participants, the link from the duplicate to the
 * target, both audit entries, and the signals for both workflows in the outbox.
 */
export async function writeTicketMerge(
  trx: Knex,
  merge: { duplicate: MergeTicketRow; target: MergeTicketRow; actor: Actor },
): Promise<MergeWrites> {
  const { duplicate, target, actor } = merge;
  const request = {
    id: null,
    author_id: duplicate.requesterId,
    body: `${duplicate.title}\n\n${duplicate.description}`,
    internal: false,
    source: 'api',
    created_at: duplicate.createdAt,
  };
  const originals = [request, ...(await trx('ticket_messages').where({ ticket_id: duplicate.id }).orderBy('id'))];
  const copiedMessages: MergeWrites['copiedMessages'] = [];
  for (const m of originals) {
    const [copy] = await trx('ticket_messages')
      .insert({
        ticket_id: target.id,
        author_id: m.author_id,
        body: m.body,
        internal: m.internal,
        source: m.source,
        created_at: m.created_at,
        merged_from_ticket_id: duplicate.id,
        merged_from_message_id: m.id,
      })
      .returning('id');
    copiedMessages.push({ from: m.id as number | null, to: (copy as { id: number }).id });
  }
  // The files stay where they are stored; their rows move to the target and onto the copies (the
  // request's own files onto the copy of the request), so they download from the target.
  const moved: { id: number; message_id: number | null }[] = await trx('attachments')
    .where({ ticket_id: duplicate.id })
    .update({ ticket_id: target.id })
    .returning(['id', 'message_id']);
  const copyOf = new Map(copiedMessages.map((c) => [c.from, c.to]));
  for (const file of moved)
    await trx('attachments')
      .where({ id: file.id })
      .update({ message_id: copyOf.get(file.message_id) ?? null });

  const people = new Set<number>([duplicate.requesterId]);
  for (const p of await trx('ticket_participants').where({ ticket_id: duplicate.id }).select('user_id'))
    people.add(p.user_id as number);
  people.delete(target.requesterId);
  const added: { user_id: number }[] = people.size
    ? await trx('ticket_participants')
        .insert([...people].map((userId) => ({ ticket_id: target.id, user_id: userId, added_via: 'merge' })))
        .onConflict(['ticket_id', 'user_id'])
        .ignore()
        .returning('user_id')
    : [];

  await trx('tickets')
    .where({ id: duplicate.id })
    .update({ merged_into_ticket_id: target.id, updated_at: trx.fn.now() });
  await trx('tickets').where({ id: target.id }).update({ updated_at: trx.fn.now() });
  const by = { actor_id: actor.userId, source: actor.source };
  await trx('ticket_events').insert([
    {
      ticket_id: duplicate.id,
      ...by,
      type: 'merged_into',
      after: JSON.stringify({ targetId: target.id, targetNumber: target.number }),
    },
    {
      ticket_id: target.id,
      ...by,
      type: 'merged_from',
      after: JSON.stringify({
        duplicateId: duplicate.id,
        duplicateNumber: duplicate.number,
        copiedMessages,
        movedAttachmentIds: moved.map((a) => a.id),
        addedParticipantIds: added.map((p) => p.user_id),
      }),
    },
  ]);
  await insertOutboxEntry(trx, {
    topic: 'ticket.merged_into',
    ticketId: duplicate.id,
    payload: { targetId: target.id, targetNumber: target.number, actor },
  });
  await insertOutboxEntry(trx, {
    topic: 'ticket.merged_from',
    ticketId: target.id,
    payload: { duplicateId: duplicate.id, duplicateNumber: duplicate.number, actor },
  });
  return {
    copiedMessages,
    movedAttachmentIds: moved.map((a) => a.id),
    addedParticipantIds: added.map((p) => p.user_id),
  };
}

/** Whether the user was added to the ticket by a merge (they may follow it as its requester does). */
export async function isMergedParticipant(db: Knex, ticketId: number, userId: number): Promise<boolean> {
  const row = await db('ticket_participants')
    .where({ ticket_id: ticketId, user_id: userId, added_via: 'merge' })
    .first('id');
  return Boolean(row);
}

/** The ticket this one was merged into, or null. */
export async function findMergedIntoTicketId(db: Knex, ticketId: number): Promise<number | null> {
  const row = await db('tickets').where({ id: ticketId }).first('merged_into_ticket_id');
  return (row?.merged_into_ticket_id as number | null | undefined) ?? null;
}

/** The id of the ticket with this number (`TF-1234`), or null. */
export async function findTicketIdByNumber(db: Knex, number: string): Promise<number | null> {
  const row = await db('tickets').where({ number }).first('id');
  return (row?.id as number | undefined) ?? null;
}
