import type { PersonRef, TicketMessage } from './ticket.js';

// Customers see the people who work their tickets by name: an agent's or author's address is theirs
// to give, and the helpdesk answers from its own address anyway. The requester keeps theirs.

/** A person without their e-mail address. */
export function byNameOnly(person: PersonRef): PersonRef {
  return { id: person.id, name: person.name };
}

/** A message as customers receive it: its author by name only. */
export function messageForCustomers(message: TicketMessage): TicketMessage {
  return message.author ? { ...message, author: byNameOnly(message.author) } : message;
}
