import type { CustomFieldDefinition } from '../../../domain/custom-fields.js';
import type { Me, Ticket, TicketDetail, TicketMessage } from '../../../domain/ticket.js';

/** The signed-in customer of the tests. */
export const customer: Me = { id: 7, email: 'jo@example.com', name: 'Jo Customer', role: 'customer' };
const agent = { id: 2, name: 'Ada Agent', email: 'ada@example.com' };

/** A ticket as the API returns it. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const id = overrides.id ?? 1;
  return {
    id,
    number: `TF-${1000 + id}`,
    title: `Printer on fire ${id}`,
    description: 'Smoke **everywhere**',
    status: 'open',
    priority: 'high',
    category: null,
    channel: 'portal',
    requester: { id: customer.id, name: customer.name, email: customer.email },
    assignee: null,
    team: null,
    tags: [],
    customFields: {},
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    sla: {
      firstResponseDueAt: '2099-03-01T12:00:00.000Z',
      resolutionDueAt: '2099-03-02T10:00:00.000Z',
      breached: false,
    },
    workflowId: `ticket-${id}`,
    version: 1,
    ...overrides,
  };
}

/** A ticket with its conversation. */
export function makeDetail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return { ...makeTicket(overrides), messages: [], attachments: [], rating: null, ...overrides };
}

/** A public reply, by the agent unless said otherwise. */
export function makeMessage(overrides: Partial<TicketMessage> = {}): TicketMessage {
  return {
    id: 100,
    ticketId: 1,
    author: agent,
    body: 'We are on it.',
    internal: false,
    createdAt: '2026-03-01T11:00:00.000Z',
    attachments: [],
    ...overrides,
  };
}

/** A file as a browser hands it over. */
export function makeFile(name: string, size: number, type: string): File {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** A custom field as `GET /api/custom-fields` returns it: customer-visible and editable unless said otherwise. */
export function makeCustomField(
  overrides: Partial<CustomFieldDefinition> & Pick<CustomFieldDefinition, 'key' | 'type'>,
) {
  const definition: CustomFieldDefinition = {
    label: overrides.key,
    description: null,
    options: [],
    requiredForStatuses: [],
    customerVisible: true,
    customerEditable: true,
    position: 0,
    ...overrides,
  };
  return definition;
}
