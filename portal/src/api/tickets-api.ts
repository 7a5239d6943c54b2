import type { CreateTicketInput, RatingInput } from '../../../domain/ticket-schemas.js';
import type { TicketStatus } from '../../../domain/ticket-status.js';
import type {
  SlaState,
  Ticket,
  TicketDetail,
  TicketEventEntry,
  TicketListPage,
  TicketMessage,
  TicketRating,
} from '../../../domain/ticket.js';
import { apiRequest } from './http-client.js';

/** Filters and page of `GET /api/tickets`. */
export interface TicketListRequest {
  statuses: readonly TicketStatus[];
  q: string;
  limit: number;
  cursor: string | null;
}

/** One page of the caller's tickets (their own and, if shared, their organization's). */
export function listTickets(request: TicketListRequest, signal?: AbortSignal): Promise<TicketListPage> {
  const query = {
    status: request.statuses.length > 0 ? request.statuses.join(',') : undefined,
    q: request.q.trim() || undefined,
    limit: request.limit,
    cursor: request.cursor ?? undefined,
  };
  return apiRequest('GET', '/api/tickets', { query, signal });
}

/** Raises a ticket; `idempotencyKey` is the submission's (a retry with it never creates a second ticket). */
export function createTicket(input: CreateTicketInput, idempotencyKey: string): Promise<Ticket> {
  return apiRequest('POST', '/api/tickets', { json: input, idempotencyKey });
}

/** A ticket with its public conversation; 404 when the caller may not see it. */
export function getTicket(id: number, signal?: AbortSignal): Promise<TicketDetail> {
  return apiRequest('GET', `/api/tickets/${id}`, { signal });
}

/** The live SLA state of a ticket. */
export function getTicketSla(id: number, signal?: AbortSignal): Promise<SlaState> {
  return apiRequest('GET', `/api/tickets/${id}/sla`, { signal });
}

/** The audit trail (staff only: customers get 403). */
export async function getTicketEvents(id: number, signal?: AbortSignal): Promise<TicketEventEntry[]> {
  const body = await apiRequest<TicketEventEntry[] | { items: TicketEventEntry[] }>(
    'GET',
    `/api/tickets/${id}/events`,
    { signal },
  );
  return Array.isArray(body) ? body : body.items;
}

/** Posts a public reply, once per `idempotencyKey`. */
export function postTicketMessage(id: number, body: string, idempotencyKey: string): Promise<TicketMessage> {
  return apiRequest('POST', `/api/tickets/${id}/messages`, { json: { body }, idempotencyKey });
}

/** Closes a ticket (409 when it cannot be closed). */
export function closeTicket(id: number, idempotencyKey: string): Promise<Ticket> {
  return apiRequest('POST', `/api/tickets/${id}/close`, { idempotencyKey });
}

/** Reopens a resolved ticket (409 when it cannot be reopened). */
export function reopenTicket(id: number, idempotencyKey: string): Promise<Ticket> {
  return apiRequest('POST', `/api/tickets/${id}/reopen`, { idempotencyKey });
}

/** Rates a resolved or closed ticket; the answer may be the stored rating or empty. */
export function rateTicket(
  id: number,
  input: RatingInput,
  idempotencyKey: string,
): Promise<Partial<TicketRating> | undefined> {
  return apiRequest('POST', `/api/tickets/${id}/rating`, { json: input, idempotencyKey });
}
