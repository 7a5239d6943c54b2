import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSecret } from '../../db/secret-box.js';
import { runCommand } from '../support/run-command.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  stack = await startTestStack();
  env = {
    DATABASE_URL: inject('databaseUrl'),
    APP_SECRET_KEY: stack.appSecretKey.toString('base64'),
    PUBLIC_URL: stack.baseUrl,
    TEMPORAL_ADDRESS: '',
  };
});
afterAll(() => stack?.close());

const tf = (...args: string[]) => runCommand('npm', ['run', '--silent', 'tf', '--', ...args], { env });

describe('npm run tf -- mailboxes:create', () => {
  it('creates a SendGrid mailbox and prints its Inbound Parse URL alone on the last line; mail posted there becomes a ticket', async () => {
    const team = `Mail team ${randomUUID().slice(0, 6)}`;
    const [{ id: teamId }] = await stack.db('teams').insert({ name: team }).returning('id');
    const address = `cli-${randomUUID().slice(0, 8)}@acme.test`;
    const created = await tf('mailboxes:create', '--address', address, '--team', team);
    expect(created.code, created.stderr).toBe(0);
    const url = created.stdout.trim().split('\n').at(-1)!;
    expect(url).toMatch(new RegExp(`^${stack.baseUrl}/api/inbound/sendgrid/[A-Za-z0-9_-]{32}$`));
    const form = new FormData();
    form.append(
      'email',
      `From: cli-customer@customer.test\r\nTo: ${address}\r\nSubject: Via the CLI mailbox\r\nMessage-ID: <${randomUUID()}@customer.test>\r\n\r\nHello\r\n`,
    );
    const result = await (await fetch(url, { method: 'POST', body: form })).json();
    expect(result.outcome).toBe('ticket_created');
    expect(await stack.db('tickets').where({ id: result.ticketId }).first('team_id', 'channel')).toEqual({
      team_id: teamId,
      channel: 'email',
    });
  });

  it('creates an IMAP mailbox from a URL, password encrypted; names bad options', async () => {
    const team = `Imap team ${randomUUID().slice(0, 6)}`;
    await stack.db('teams').insert({ name: team });
    const address = `imap-${randomUUID().slice(0, 8)}@acme.test`;
    const created = await tf(
      'mailboxes:create',
      '--address',
      address,
      '--team',
      team,
      '--imap',
      `imaps://${encodeURIComponent(address)}:s3cr%3At@imap.acme.test/Support`,
    );
    expect(created.code, created.stderr).toBe(0);
    const row = await stack.db('mailboxes').whereRaw('lower(address) = ?', [address]).first();
    expect(row).toMatchObject({
      inbound_kind: 'imap',
      imap_host: 'imap.acme.test',
      imap_port: 993,
      imap_security: 'tls',
      imap_user: address,
      imap_folder: 'Support',
    });
    expect(openSecret(stack.appSecretKey, row.imap_password_ciphertext)).toBe('s3cr:t');
    const bad = await tf('mailboxes:create', '--address', 'nope', '--team', 'Nobody', '--imap', 'http://x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--address/);
    expect(bad.stderr).toMatch(/--imap/);
  });
});
