import { describe, expect, it, vi } from 'vitest';
import { makeDetail, makeMessage } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { sockets } from '../test-support/fake-socket.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('socket.io-client', async () => (await import('../test-support/fake-socket.js')).socketIoModule);
vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

function anonymous() {
  const server = fakeServer();
  server.on('GET', '/api/me', () => apiError(401, 'unauthenticated', 'Sign in.'));
  return server;
}

describe('guest pages', () => {
  it('submit a request without an account, validated with the guest schema', async () => {
    const server = anonymous();
    server.on('POST', '/api/guest/tickets', () =>
      json(201, {
        ticket: {
          number: 'TF-1008',
          title: 'Cannot log in',
          status: 'new',
          priority: 'normal',
          createdAt: '2026-11-30T10:00:00.000Z',
        },
        message: 'Check your e-mail for a link to follow your request.',
      }),
    );
    const { wrapper } = await mountPortal('/guest/new');
    const email = wrapper.get('[data-testid="guest-email"]');
    await email.setValue('not-an-address');
    await email.trigger('blur');
    expect(wrapper.get('#field-email-error').text()).toBe('Error: E-mail address must be an e-mail address');

    await wrapper.get('[data-testid="guest-name"]').setValue('Sam Guest');
    await email.setValue(' sam@example.com ');
    await wrapper.get('[data-testid="title"]').setValue('Cannot log in');
    await wrapper.get('[data-testid="description"]').setValue('It says my account is locked.');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/guest/tickets')[0]?.body).toEqual({
      name: 'Sam Guest',
      email: 'sam@example.com',
      title: 'Cannot log in',
      description: 'It says my account is locked.',
      priority: 'normal',
    });
    const receipt = wrapper.get('[data-testid="guest-receipt"]');
    expect(receipt.text()).toContain('TF-1008');
    expect(receipt.text()).toContain('Check your e-mail for a link to follow your request.');
    expect(document.activeElement).toBe(receipt.get('h2').element);
  });

  it('follow a request through its link and reply to it, without a socket', async () => {
    const server = anonymous();
    sockets.length = 0;
    server.on('GET', '/api/guest/tickets/tok%2Fen', () =>
      json(200, makeDetail({ id: 8, messages: [makeMessage({ ticketId: 8 })] })),
    );
    server.on('POST', '/api/guest/tickets/tok%2Fen/messages', () =>
      json(201, makeMessage({ id: 101, ticketId: 8, author: null, body: 'Still locked' })),
    );
    const { wrapper } = await mountPortal('/guest/t/tok%2Fen');
    expect(wrapper.get('h1').text()).toBe('Printer on fire 8');
    expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="file-drop"]').exists()).toBe(false);
    await wrapper.get('[data-testid="reply-body"]').setValue('Still locked');
    await wrapper.get('[data-testid="reply-form"]').trigger('submit');
    await settle();
    expect(server.sent('POST', '/api/guest/tickets/tok%2Fen/messages')[0]?.body).toEqual({ body: 'Still locked' });
    expect(wrapper.findAll('[data-testid="message"]')).toHaveLength(2);
    expect(sockets).toHaveLength(0);
  });

  it('explain an expired or invalid link and what to do next', async () => {
    const server = anonymous();
    server.on('GET', '/api/guest/tickets/old', () => apiError(410, 'not_found', 'This link has expired.'));
    const { wrapper } = await mountPortal('/guest/t/old');
    expect(wrapper.get('h1').text()).toBe('This link has expired or is not valid');
    const help = wrapper.get('[data-testid="guest-link-expired"]');
    expect(help.findAll('a').map((a) => a.attributes('href'))).toEqual(['/guest/new', '/']);
  });
});
