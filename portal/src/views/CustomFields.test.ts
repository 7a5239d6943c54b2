import { beforeEach, describe, expect, it, vi } from 'vitest';
import { socketEvents } from '../../../domain/socket-events.js';
import { customer, makeCustomField, makeDetail, makeTicket } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { lastSocket, sockets } from '../test-support/fake-socket.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('socket.io-client', async () => (await import('../test-support/fake-socket.js')).socketIoModule);
vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

// As a manager would set them up: out of order, one for staff only.
const definitions = [
  makeCustomField({
    key: 'areas',
    label: 'Areas',
    type: 'multi_select',
    options: ['Paper', 'Toner', 'Network'],
    position: 6,
    requiredForStatuses: ['new'],
  }),
  makeCustomField({ key: 'serial', label: 'Serial number', type: 'text', position: 2 }),
  makeCustomField({
    key: 'product',
    label: 'Product',
    type: 'single_select',
    options: ['Printer', 'Scanner'],
    position: 1,
    requiredForStatuses: ['new', 'resolved'],
    description: 'Which device is affected?',
  }),
  makeCustomField({ key: 'copies', label: 'Copies a day', type: 'number', position: 3 }),
  makeCustomField({ key: 'bought', label: 'Bought on', type: 'date', position: 4 }),
  makeCustomField({ key: 'onsite', label: 'A visit on site is fine', type: 'checkbox', position: 5 }),
  makeCustomField({ key: 'contract', label: 'Contract', type: 'text', position: 0, customerEditable: false }),
];

function serve(signedIn = true, items = definitions) {
  const server = fakeServer();
  server.on('GET', '/api/me', () => (signedIn ? json(200, customer) : apiError(401, 'unauthenticated', 'Sign in.')));
  server.on('GET', signedIn ? '/api/custom-fields' : '/api/guest/custom-fields', () => json(200, { items }));
  return server;
}

type Wrapper = Awaited<ReturnType<typeof mountPortal>>['wrapper'];

async function fillTicket(wrapper: Wrapper) {
  await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
  await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
}

async function fillCustomFields(wrapper: Wrapper) {
  await wrapper.get('#field-customFields-product').setValue('Printer');
  await wrapper.get('#field-customFields-serial').setValue('PX-1042');
  await wrapper.get('#field-customFields-copies').setValue('250');
  await wrapper.get('#field-customFields-bought').setValue('2026-11-02');
  await wrapper.get('#field-customFields-onsite').setValue(true);
  await wrapper.get('[data-testid="custom-field-areas"]').findAll('input')[1]!.setValue(true);
}

describe('custom fields on the new ticket form', () => {
  it('shows the fields customers may fill in, in position order, one labelled input per type', async () => {
    serve();
    const { wrapper } = await mountPortal('/tickets/new');
    await settle();
    const section = wrapper.get('[data-testid="custom-fields"]');
    expect(section.findAll('label, legend').map((l) => l.text())).toEqual([
      'Product',
      'Serial number (optional)',
      'Copies a day (optional)',
      'Bought on (optional)',
      'A visit on site is fine',
      'Areas',
      'Paper',
      'Toner',
      'Network',
    ]);
    const product = wrapper.get('#field-customFields-product');
    expect(product.element.tagName).toBe('SELECT');
    expect(product.attributes('required')).toBeDefined();
    expect(product.findAll('option').map((o) => o.text())).toEqual(['Choose one', 'Printer', 'Scanner']);
    expect(wrapper.get(`#${product.attributes('aria-describedby')}`).text()).toBe('Which device is affected?');
    expect(wrapper.get('#field-customFields-serial').attributes('type')).toBe('text');
    expect(wrapper.get('#field-customFields-serial').attributes('required')).toBeUndefined();
    expect(wrapper.get('#field-customFields-copies').attributes('type')).toBe('number');
    expect(wrapper.get('#field-customFields-bought').attributes('type')).toBe('date');
    expect(wrapper.get('#field-customFields-onsite').attributes('type')).toBe('checkbox');
    expect(wrapper.get('[data-testid="custom-field-areas"]').element.tagName).toBe('FIELDSET');
    expect(wrapper.find('[data-testid="custom-field-contract"]').exists()).toBe(false);
  });

  it('refuses a ticket without the fields required at creation, at each field and in the summary', async () => {
    const server = serve();
    const { wrapper } = await mountPortal('/tickets/new');
    await settle();
    await wrapper.get('#field-customFields-serial').setValue('   ');
    await wrapper.get('form').trigger('submit');
    await settle();
    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.findAll('li').map((li) => li.text())).toEqual([
      'Title must not be empty',
      'Description must not be empty',
      'Product is required for a new ticket',
      'Areas is required for a new ticket',
    ]);
    expect(summary.findAll('a').map((a) => a.attributes('href'))).toContain('#field-customFields-product');
    expect(wrapper.get('#field-customFields-product-error').text()).toBe('Error: Product is required for a new ticket');
    expect(wrapper.get('#field-customFields-product').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#field-customFields-areas-error').text()).toBe('Error: Areas is required for a new ticket');
    expect(server.sent('POST', '/api/tickets')).toHaveLength(0);

    // Choosing a product clears its message at once.
    await wrapper.get('#field-customFields-product').setValue('Scanner');
    expect(wrapper.find('#field-customFields-product-error').exists()).toBe(false);
  });

  it('sends the values with their types, empty ones left out', async () => {
    const server = serve();
    server.on('POST', '/api/tickets', () => json(201, makeTicket({ id: 42 })));
    server.on('GET', '/api/tickets/42', () => json(404, {}));
    const { wrapper } = await mountPortal('/tickets/new');
    await settle();
    await fillTicket(wrapper);
    await fillCustomFields(wrapper);
    await wrapper.get('#field-customFields-serial').setValue('');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets')[0]?.body).toEqual({
      title: 'Printer on fire',
      description: 'Smoke everywhere',
      priority: 'normal',
      customFields: { product: 'Printer', copies: 250, bought: '2026-11-02', onsite: true, areas: ['Toner'] },
    });
  });

  it("puts the server's message about a custom field on that field", async () => {
    const server = serve();
    server.on('POST', '/api/tickets', () =>
      apiError(400, 'validation_failed', 'The request is invalid; see details for each field.', [
        { path: 'customFields.product', message: 'must be one of Printer, Scanner, Copier' },
      ]),
    );
    const { wrapper } = await mountPortal('/tickets/new');
    await settle();
    await fillTicket(wrapper);
    await fillCustomFields(wrapper);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#field-customFields-product-error').text()).toBe(
      'Error: Product must be one of Printer, Scanner, Copier',
    );
    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain(
      'Product must be one of Printer, Scanner, Copier',
    );
  });

  it('stays as it was when no custom field is defined', async () => {
    const server = serve(true, []);
    server.on('POST', '/api/tickets', () => json(201, makeTicket({ id: 42 })));
    server.on('GET', '/api/tickets/42', () => json(404, {}));
    const { wrapper } = await mountPortal('/tickets/new');
    await settle();
    expect(wrapper.find('[data-testid="custom-fields"]').exists()).toBe(false);
    await fillTicket(wrapper);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets')[0]?.body).toEqual({
      title: 'Printer on fire',
      description: 'Smoke everywhere',
      priority: 'normal',
    });
  });

  it('are on the guest form too, and sent with the request', async () => {
    const server = serve(false);
    server.on('POST', '/api/guest/tickets', () =>
      json(201, {
        ticket: {
          number: 'TF-1008',
          title: 'Printer on fire',
          status: 'new',
          priority: 'normal',
          createdAt: '2026-11-30T10:00:00.000Z',
        },
        message: 'Check your e-mail.',
      }),
    );
    const { wrapper } = await mountPortal('/guest/new');
    await settle();
    await wrapper.get('[data-testid="guest-name"]').setValue('Sam Guest');
    await wrapper.get('[data-testid="guest-email"]').setValue('sam@example.com');
    await fillTicket(wrapper);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain('Product is required for a new ticket');
    expect(server.sent('POST', '/api/guest/tickets')).toHaveLength(0);

    await fillCustomFields(wrapper);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/guest/tickets')[0]?.body).toMatchObject({
      customFields: { product: 'Printer', serial: 'PX-1042', copies: 250, areas: ['Toner'] },
    });
    expect(wrapper.get('[data-testid="guest-receipt"]').text()).toContain('TF-1008');
  });
});

describe('custom fields on the ticket page', () => {
  beforeEach(() => {
    sockets.length = 0;
  });

  function serveTicket(customFields: Record<string, unknown> | undefined) {
    const server = serve();
    server.on('GET', '/api/tickets/5', () => json(200, { ...makeDetail({ id: 5 }), customFields }));
    server.on('GET', '/api/tickets/5/sla', () => apiError(503, 'dependency_unavailable', 'Temporal is down.'));
    return server;
  }

  it('shows the values by label, in the fields’ order', async () => {
    serveTicket({
      areas: ['Paper', 'Toner'],
      onsite: false,
      product: 'Printer',
      contract: 'Gold',
      copies: 1250,
      bought: '2026-11-02',
    });
    const { wrapper } = await mountPortal('/tickets/5');
    await settle();
    const facts = wrapper
      .findAll('[data-testid^="custom-field-value-"]')
      .map((f) => [f.get('dt').text(), f.get('dd').text()]);
    expect(facts).toEqual([
      ['Contract', 'Gold'],
      ['Product', 'Printer'],
      ['Copies a day', (1250).toLocaleString()],
      ['Bought on', new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 10, 2))],
      ['A visit on site is fine', 'No'],
      ['Areas', 'Paper, Toner'],
    ]);
  });

  it('shows nothing, and asks for no definitions, when the ticket has no values', async () => {
    const server = serveTicket({});
    const { wrapper } = await mountPortal('/tickets/5');
    await settle();
    expect(wrapper.get('[data-testid="ticket-summary"]').text()).toContain('Handled by');
    expect(wrapper.find('[data-testid^="custom-field-value-"]').exists()).toBe(false);
    expect(server.sent('GET', '/api/custom-fields')).toHaveLength(0);
  });

  it('shows a value staff fill in while the page is open', async () => {
    const server = serveTicket({});
    const { wrapper } = await mountPortal('/tickets/5');
    await settle();
    lastSocket().serverConnect();
    lastSocket().serverSend(socketEvents.ticketUpdated, {
      ticket: makeTicket({ id: 5, version: 2, customFields: { product: 'Scanner' } }),
    });
    await settle();
    expect(wrapper.get('[data-testid="custom-field-value-product"]').text()).toBe('ProductScanner');
    expect(server.sent('GET', '/api/custom-fields')).toHaveLength(1);
  });
});
