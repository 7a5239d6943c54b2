import type { Knex } from 'knex';
import { recordIdempotentEffect, type RequestKey } from './idempotency-keys.js';
import type { CustomFieldValues } from '../domain/custom-fields.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketChannel } from '../domain/ticket-channels.js';
import type { TicketPriority } from '../domain/ticket-priority.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { EventSource } from './ticket-events.js';
import { insertOutboxEntry, type OutboxEntry } from './outbox.js';
import { classificationColumns, classificationOf } from './ticket-classification.js';
import type { TicketClassification } from '../domain/rule-conditions.js';

/** What a new ticket row is made of. */
export interface NewTicket {
  title: string;
  description: string;
  priority: TicketPriority;
  category?: string | undefined;
  requesterId: number;
  channel: TicketChannel;
  tags?: string[];
  /** The team it starts in (e.g. a mailbox's team); the workflow assigns within it. */
  teamId?: number | null;
  /** The agent it starts with, when staff raising it chose one; the workflow then routes nothing. */
  assigneeId?: number | null;
  /** Custom field values, already checked against the definitions. */
  customFields?: CustomFieldValues;
}

const ticketColumns = (db: Knex) => [
  ...[
    'id',
    'number',
    'title',
    'description',
    'status',
    'priority',
    'category',
    'channel',
    'requester_id',
    'assignee_id',
    'team_id',
    'tags',
    'created_at',
    'updated_at',
    'first_response_due_at',
    'resolution_due_at',
    'sla_breached',
    'workflow_id',
    'version',
    'merged_into_ticket_id',
    'custom_fields',
  ].map((c) => `t.${c}`),
  // The values customers may see, chosen in SQL so a ticket built for anyone (live events, webhooks)
  // never carries a staff-only value; staff answers use `custom_fields` (toStaffTicket).
  db.raw(`coalesce((select jsonb_object_agg(v.key, v.value) from jsonb_each(t.custom_fields) v
    join custom_fields cf on cf.key = v.key and cf.customer_visible and cf.active), '{}'::jsonb)
    as customer_custom_fields`),
  'r.name as requester_name',
  'r.email as requester_email',
  'a.name as assignee_name',
  'a.email as assignee_email',
  'tm.name as team_name',
];

/** Ticket rows joined with the names of their people and team. */
export function selectTickets(db: Knex) {
  return db('tickets as t')
    .join('users as r', 'r.id', 't.requester_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('teams as tm', 'tm.id', 't.team_id')
    .select(ticketColumns(db));
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A row of `selectTickets`: the ticket's columns with the names of its people and team. */
export interface TicketRow {
  id: number;
  number: string;
  title: string;
  description: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  category: string | null;
  channel: Ticket['channel'];
  requester_id: number;
  assignee_id: number | null;
  team_id: number | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_breached: boolean;
  workflow_id: string;
  version: number;
  merged_into_ticket_id?: number | null;
  custom_fields: CustomFieldValues;
  customer_custom_fields: CustomFieldValues;
  requester_name: string;
  requester_email: string;
  assignee_name: string | null;
  assignee_email: string | null;
  team_name: string | null;
}

/**
 * Maps a joined ticket row to the ticket anyone may be shown (customers, live events): the custom field
 * values customers may see, and the assignee by name only.
 */
export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    status: r.status,
    priority: r.priority,
    category: r.category,
    channel: r.channel,
    requester: { id: r.requester_id, name: r.requester_name, email: r.requester_email },
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
    tags: r.tags,
    customFields: r.customer_custom_fields,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    sla: {
      firstResponseDueAt: iso(r.first_response_due_at),
      resolutionDueAt: iso(r.resolution_due_at),
      breached: r.sla_breached,
    },
    workflowId: r.workflow_id,
    version: r.version,
    // Only on merged tickets, so every other ticket reads as it always has.
    ...(r.merged_into_ticket_id ? { mergedIntoTicketId: r.merged_into_ticket_id } : {}),
  };
}

/** Maps a joined ticket row to the ticket staff see: every custom field value it holds, the assignee's address. */
export function toStaffTicket(r: TicketRow): Ticket {
  const ticket = toTicket(r);
  return {
    ...ticket,
    customFields: r.custom_fields,
    assignee: ticket.assignee ? { ...ticket.assignee, email: r.assignee_email ?? '' } : null,
  };
}

/**
 * Inserts a ticket, its `created` audit event and the outbox entry that asks for its workflow,
 * all in one transaction: either the ticket exists and will get a workflow, or nothing was written.
 */
export async function insertTicketWithOutbox(
  db: Knex,
  ticket: NewTicket,
  audit: { actorId: number | null; source: EventSource; requestKey?: RequestKey },
): Promise<{ ticket: Ticket; outbox: OutboxEntry }> {
  return db.transaction(async (trx) => {
    const requester = await trx('users').where({ id: ticket.requesterId }).first('organization_id');
    const [row] = await trx('tickets')
      .insert({
        title: ticket.title,
        description: ticket.description,
        priority: ticket.priority,
        category: ticket.category ?? null,
        requester_id: ticket.requesterId,
        organization_id: requester?.organization_id ?? null,
        channel: ticket.channel,
        tags: ticket.tags ?? [],
        team_id: ticket.teamId ?? null,
        assignee_id: ticket.assigneeId ?? null,
        custom_fields: JSON.stringify(ticket.customFields ?? {}),
      })
      .returning(['id', 'number', 'status', 'priority']);
    await trx('ticket_events').insert({
      ticket_id: row.id,
      actor_id: audit.actorId,
      source: audit.source,
      type: 'created',
      after: JSON.stringify({
        number: row.number,
        status: row.status,
        priority: row.priority,
        channel: ticket.channel,
        // Raised by staff for someone else, or placed in a team or with an agent from the start.
        ...(audit.actorId !== null && audit.actorId !== ticket.requesterId ? { requesterId: ticket.requesterId } : {}),
        ...(ticket.teamId ? { teamId: ticket.teamId } : {}),
        ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
      }),
    });
    const outbox = await insertOutboxEntry(trx, { topic: 'ticket.start_workflow', ticketId: row.id });
    if (audit.requestKey) await recordIdempotentEffect(trx, audit.requestKey, `ticket:${row.id}`);
    const created = await selectTickets(trx).where('t.id', row.id).first();
    return { ticket: toTicket(created), outbox };
  });
}

/** Finds a ticket by id in the API's shape, with the custom field values customers may see. */
export async function findTicketById(db: Knex, id: number): Promise<Ticket | null> {
  const row = await selectTickets(db).where('t.id', id).first();
  return row ? toTicket(row) : null;
}

/** Finds a ticket by id as staff see it: every custom field value. */
export async function findStaffTicketById(db: Knex, id: number): Promise<Ticket | null> {
  const row = await selectTickets(db).where('t.id', id).first();
  return row ? toStaffTicket(row) : null;
}

/** Who may see a ticket (its requester, and their organization when it shares tickets), and its status. */
export interface TicketAudience {
  requesterId: number;
  organizationId: number | null;
  organizationShares: boolean;
  status: TicketStatus;
}

/** Who may see a ticket, and its status: what access checks and command rules need. */
export async function findTicketAudience(db: Knex, id: number): Promise<TicketAudience | null> {
  const row = await db('tickets as t')
    .leftJoin('organizations as o', 'o.id', 't.organization_id')
    .where('t.id', id)
    .first('t.requester_id', 't.organization_id', 'o.shares_tickets', 't.status');
  if (!row) return null;
  return {
    requesterId: row.requester_id,
    organizationId: row.organization_id,
    organizationShares: Boolean(row.shares_tickets),
    status: row.status,
  };
}

/** A ticket's status, or null when there is no such ticket. */
export async function findTicketStatus(db: Knex, id: number): Promise<TicketStatus | null> {
  const row = await db('tickets').where({ id }).first('status');
  return row ? row.status : null;
}

/** The committed fields a ticket's workflow starts from. */
export interface TicketLifecycleRow {
  id: number;
  number: string;
  title: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  teamId: number | null;
  assigneeId: number | null;
  organizationId: number | null;
  category: string | null;
  requesterId: number;
  version: number;
  createdAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  slaBreached: boolean;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

/** Reads what a ticket's workflow needs to start. */
export async function findTicketLifecycleRow(db: Knex, id: number): Promise<TicketLifecycleRow | null> {
  const r = await db('tickets').where({ id }).first();
  if (!r) return null;
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    priority: r.priority,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    organizationId: r.organization_id,
    category: r.category,
    requesterId: r.requester_id,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    firstRespondedAt: iso(r.first_responded_at),
    resolvedAt: iso(r.resolved_at),
    slaBreached: r.sla_breached,
    firstResponseDueAt: iso(r.first_response_due_at),
    resolutionDueAt: iso(r.resolution_due_at),
  };
}

/** Ids of tickets whose workflows still run (not closed), optionally only those on given SLA policies. */
export async function listOpenTicketIds(
  db: Knex,
  filter: { slaPolicyIds?: number[]; assigneeId?: number } = {},
): Promise<number[]> {
  const q = db('tickets').whereNot({ status: 'closed' }).orderBy('id');
  if (filter.slaPolicyIds) void q.whereIn('sla_policy_id', filter.slaPolicyIds);
  if (filter.assigneeId !== undefined)
    void q.where({ assignee_id: filter.assigneeId }).whereNot({ status: 'resolved' });
  return q.pluck('id');
}

/** The fields that choose an SLA policy (category, tags and custom fields too), for every ticket whose workflow still runs. */
export async function listOpenTicketSlaFacts(db: Knex): Promise<
  ({
    id: number;
    priority: Ticket['priority'];
    organizationId: number | null;
    teamId: number | null;
    slaPolicyId: number | null;
  } & Required<TicketClassification>)[]
> {
  const rows = await db('tickets')
    .whereNot({ status: 'closed' })
    .select('id', 'priority', 'organization_id', 'team_id', 'sla_policy_id', ...classificationColumns)
    .orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    priority: r.priority,
    organizationId: r.organization_id,
    teamId: r.team_id,
    slaPolicyId: r.sla_policy_id,
    ...classificationOf(r),
  }));
}
