import type { GuestTicketInput } from '../../../domain/ticket-schemas.js';
import type { GuestTicketReceipt, TicketDetail, TicketMessage } from '../../../domain/ticket.js';
import { apiRequest } from './http-client.js';

export type { GuestTicketReceipt };

const guestPath = (token: string) => `/api/guest/tickets/${encodeURIComponent(token)}`;

/** Raises a ticket without an account; the link to follow it goes to the given e-mail address. */
export function createGuestTicket(input: GuestTicketInput, idempotencyKey: string): Promise<GuestTicketReceipt> {
  return apiRequest('POST', '/api/guest/tickets', { json: input, idempotencyKey });
}

/** The ticket behind a guest link; 404 or 410 when the link is invalid or expired. */
export function getGuestTicket(token: string, signal?: AbortSignal): Promise<TicketDetail> {
  return apiRequest('GET', guestPath(token), { signal });
}

/** Replies through a guest link. */
export function postGuestMessage(token: string, body: string, idempotencyKey: string): Promise<TicketMessage> {
  return apiRequest('POST', `${guestPath(token)}/messages`, { json: { body }, idempotencyKey });
}
