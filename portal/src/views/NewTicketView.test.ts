import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customer, makeFile, makeTicket } from '../test-support/fixtures.js';
import { FakeXhr } from '../test-support/fake-xhr.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

function signedIn() {
  const server = fakeServer();
  server.on('GET', '/api/me', () => json(200, customer));
  return server;
}

async function pickFiles(wrapper: Awaited<ReturnType<typeof mountPortal>>['wrapper'], files: File[]) {
  const input = wrapper.get('[data-testid="file-input"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

describe('the new ticket form', () => {
  beforeEach(() => {
    FakeXhr.reset();
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
  });
  afterEach(() => document.body.replaceChildren());

  it('validates a field with the shared schema when it loses focus', async () => {
    signedIn();
    const { wrapper } = await mountPortal('/tickets/new');
    const title = wrapper.get('[data-testid="title"]');
    await title.setValue('   ');
    await title.trigger('blur');
    expect(wrapper.get('#field-title-error').text()).toBe('Error: Title must not be empty');
    expect(title.attributes('aria-invalid')).toBe('true');
    expect(title.attributes('aria-describedby')).toContain('field-title-error');
    await title.setValue('Printer on fire');
    await title.trigger('blur');
    expect(wrapper.find('#field-title-error').exists()).toBe(false);
  });

  it('on submit, shows every problem in a focused summary and sends nothing', async () => {
    const server = signedIn();
    const { wrapper } = await mountPortal('/tickets/new');
    await wrapper.get('form').trigger('submit');
    await settle();
    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.findAll('li').map((li) => li.text())).toEqual([
      'Title must not be empty',
      'Description must not be empty',
    ]);
    expect(document.activeElement).toBe(summary.element);
    expect(server.sent('POST', '/api/tickets')).toHaveLength(0);
  });

  it('sends one Idempotency-Key per submission: a double submit sends once, a retry after a lost answer reuses the key', async () => {
    const server = signedIn();
    let answers = 0;
    server.on('POST', '/api/tickets', () => {
      answers += 1;
      if (answers === 1) throw new TypeError('Failed to fetch'); // the answer never arrives
      if (answers === 2) return apiError(503, 'dependency_unavailable', 'Try again shortly.');
      return json(201, makeTicket({ id: 42 }));
    });
    server.on('GET', '/api/tickets/42', () => json(404, {}));
    const { wrapper } = await mountPortal('/tickets/new');
    await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
    const form = wrapper.get('form');
    await Promise.all([form.trigger('submit'), form.trigger('submit')]); // a double click
    await settle();
    expect(server.sent('POST', '/api/tickets')).toHaveLength(1);

    await form.trigger('submit'); // the customer tries again after "Could not reach TicketFlow"
    await settle();
    const [first, retry] = server.sent('POST', '/api/tickets');
    expect(first?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);

    // Changed content is a new request, with a new key.
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere, and now flames');
    await form.trigger('submit');
    await settle();
    const third = server.sent('POST', '/api/tickets')[2];
    expect(third?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(third?.headers['idempotency-key']).not.toBe(first?.headers['idempotency-key']);
  });

  it("shows the server's field messages at their fields", async () => {
    const server = signedIn();
    server.on('POST', '/api/tickets', () =>
      apiError(400, 'validation_failed', 'The request is invalid; see details for each field.', [
        { path: 'category', message: 'is not a category of this organization' },
      ]),
    );
    const { wrapper } = await mountPortal('/tickets/new');
    await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
    await wrapper.get('[data-testid="category"]').setValue('Fires');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets')[0]?.body).toEqual({
      title: 'Printer on fire',
      description: 'Smoke everywhere',
      priority: 'normal',
      category: 'Fires',
    });
    expect(wrapper.get('#field-category-error').text()).toContain('Category is not a category of this organization');
    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain(
      'Category is not a category of this organization',
    );
  });

  it('refuses files that are too large or of a refused type before any upload', async () => {
    const server = signedIn();
    const { wrapper } = await mountPortal('/tickets/new');
    await pickFiles(wrapper, [
      makeFile('huge.pdf', 12 * 1024 * 1024, 'application/pdf'),
      makeFile('setup.exe', 2048, 'application/x-msdownload'),
      makeFile('shot.png', 2048, 'image/png'),
    ]);
    const items = wrapper.findAll('[data-testid="upload-item"]');
    expect(items.map((i) => i.get('.upload-state').text())).toEqual([
      'Cannot be attached',
      'Cannot be attached',
      'Ready to upload',
    ]);
    expect(items[0]!.get('[role="alert"]').text()).toBe('huge.pdf is too large (12 MB); files can be at most 10 MB.');
    expect(items[1]!.get('[role="alert"]').text()).toMatch(/^setup\.exe: this type of file is not allowed\./);

    await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain('Remove the files that cannot be attached.');
    expect(server.sent('POST', '/api/tickets')).toHaveLength(0);
    expect(FakeXhr.instances).toHaveLength(0);

    await items[0]!.get('button').trigger('click');
    await wrapper.findAll('[data-testid="upload-item"]')[0]!.get('button').trigger('click');
    expect(wrapper.findAll('[data-testid="upload-item"]')).toHaveLength(1);
  });

  it('creates the ticket, uploads each file with a progress bar, then opens the ticket', async () => {
    const server = signedIn();
    server.on('POST', '/api/tickets', () => json(201, makeTicket({ id: 42 })));
    server.on('GET', '/api/tickets/42', () =>
      json(200, { ...makeTicket({ id: 42 }), messages: [], attachments: [], rating: null }),
    );
    const { wrapper, router } = await mountPortal('/tickets/new');
    await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
    await wrapper.get('[data-testid="priority"]').setValue('urgent');
    await pickFiles(wrapper, [makeFile('shot.png', 4096, 'image/png')]);
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(server.sent('POST', '/api/tickets')[0]?.body).toMatchObject({ priority: 'urgent' });
    const xhr = FakeXhr.last();
    expect(xhr.url).toBe('/api/tickets/42/attachments');
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-1');
    expect((xhr.body?.get('file') as File).name).toBe('shot.png');
    expect(wrapper.get('[data-testid="submit-ticket"]').text()).toBe('Uploading files…');

    xhr.progress(2048, 4096);
    await settle();
    expect(wrapper.get('progress').attributes('value')).toBe('50');
    expect(wrapper.get('.upload-state').text()).toBe('Uploading 50%');

    xhr.respond(201, {
      id: 1,
      filename: 'shot.png',
      contentType: 'image/png',
      sizeBytes: 4096,
      url: '/api/attachments/1',
      messageId: null,
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/tickets/42');
    expect(wrapper.get('[data-testid="announcer"]').text()).toBe('Ticket TF-1042 created.');
  });

  it('keeps the created ticket when an upload is refused, and retries only the files', async () => {
    const server = signedIn();
    server.on('POST', '/api/tickets', () => json(201, makeTicket({ id: 43 })));
    const { wrapper } = await mountPortal('/tickets/new');
    await wrapper.get('[data-testid="title"]').setValue('Printer on fire');
    await wrapper.get('[data-testid="description"]').setValue('Smoke everywhere');
    await pickFiles(wrapper, [makeFile('notes.txt', 100, 'text/plain')]);
    await wrapper.get('form').trigger('submit');
    await settle();
    FakeXhr.last().respond(415, {
      error: { code: 'unsupported_media_type', message: 'notes.txt looks like an executable, not text.' },
    });
    await settle();
    expect(wrapper.get('[data-testid="upload-failed"]').text()).toContain('Your ticket TF-1043 was created');
    expect(wrapper.get('.upload-failed [role="alert"]').text()).toBe(
      'notes.txt: notes.txt looks like an executable, not text.',
    );
    expect(wrapper.get('[data-testid="submit-ticket"]').text()).toBe('Retry upload');

    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/tickets')).toHaveLength(1);
    expect(FakeXhr.instances).toHaveLength(2);
  });
});
