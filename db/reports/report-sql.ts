import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';

/**
 * A row of a report's hand-written SQL. Its columns are the SELECT's own, read right beside it; the
 * report tests check every figure against a hand count, which is what would catch a wrong column.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the SELECT is the type
export type ReportRow = Record<string, any>;

/** The named bindings every report query uses: the instants the range starts and ends at, its zone, the team. */
export function rangeBindings(range: ReportRange) {
  return { start: range.start, end: range.end, tz: range.timezone, teamId: range.teamId };
}

/** The SQL condition "this ticket (`t`) is in the report's team", a no-op without a team filter. */
export const inTeam = '(:teamId::int is null or t.team_id = :teamId::int)';

// Kinds of audit events (`e`) the reports count. Each has a partial index with exactly this condition
// (migration 20261130150700_add_ticket_events_report_indexes): keep them word for word alike.

/**
 * A status change that solves a ticket: into resolved, or closed without being resolved first (a
 * customer closing it). Moves from resolved to closed are the same solve, not a second one.
 */
export const solvesTicket = `e.type = 'status_changed' and ((e.after->>'status') = 'resolved' or ((e.after->>'status') = 'closed' and coalesce(e.before->>'status', '') <> 'resolved'))`;

/** Any move into resolved or closed: what takes a ticket out of the backlog. */
export const closesTicket = `e.type in ('status_changed', 'auto_closed') and (e.after->>'status') in ('resolved', 'closed')`;

/** A move from resolved back to work. */
export const reopensTicket = `e.type in ('status_changed', 'reopened_by_reply') and (e.before->>'status') = 'resolved' and (e.after->>'status') not in ('resolved', 'closed')`;

/** A breach of the first-response target. */
export const breachesFirstResponse = `e.type = 'sla_breached' and (e.after->>'target') = 'first_response'`;

/** A breach of the resolution target. */
export const breachesResolution = `e.type = 'sla_breached' and (e.after->>'target') = 'resolution'`;

/** Within the report's range (events `e`). */
export const inRange = 'e.created_at >= :start and e.created_at < :end';

/**
 * Rows of a report query in batches from a cursor, so any number of them takes little memory: the
 * database sends the next batch only when the previous one has been handled. Stopping early (the
 * client went away) closes the cursor and gives the connection back.
 */
export async function* streamRows<T>(
  db: Knex,
  sql: string,
  bindings: Record<string, unknown>,
  batchSize = 2000,
): AsyncIterable<T[]> {
  const stream = db
    .raw(sql, bindings as Knex.ValueDict)
    .stream({ highWaterMark: batchSize }) as unknown as AsyncIterable<T>;
  let batch: T[] = [];
  for await (const row of stream) {
    batch.push(row);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * An instant as ISO 8601 text in UTC, made by the database: CSV rows carry text, so the driver does not
 * parse 100,000 timestamps into Dates only for them to be printed again.
 */
export function isoText(expr: string): string {
  return `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** part / whole, or null when the whole is 0. */
export function rateOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
