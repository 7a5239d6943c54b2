import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201d0c1e6e10000000049454e44ae426082',
  'hex',
);

// Every attachment test runs against both stores: the filesystem (default) and PostgreSQL.
describe.each(['filesystem', 'postgres'] as const)('with ATTACHMENT_STORE=%s', (store) => {
  let stack: TestStack;
  let customer: KeyedUser;
  let stranger: KeyedUser;
  let agent: KeyedUser;
  let ticketId: number;

  beforeAll(async () => {
    stack = await startTestStack({ attachmentMaxBytes: 64 * 1024, attachmentStore: store });
    customer = await createKeyedUser(stack.db, 'customer');
    stranger = await createKeyedUser(stack.db, 'customer');
    agent = await createKeyedUser(stack.db, 'agent');
    ticketId = (
      await requestJson(`${stack.baseUrl}/api/tickets`, {
        headers: customer.auth,
        body: { title: 'Screenshot attached', description: 'see file' },
      })
    ).body.id;
  });
  afterAll(() => stack?.close());

  async function upload(who: KeyedUser, name: string, bytes: Buffer, extra: Record<string, string> = {}) {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), name);
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    const res = await fetch(`${stack.baseUrl}/api/tickets/${ticketId}/attachments`, {
      method: 'POST',
      headers: who.auth,
      body: form,
    });
    return { status: res.status, body: await res.json() };
  }

  describe('attachments', () => {
    it('stores an allowed file under a random name and serves it back as a download to those who may see the ticket', async () => {
      const res = await upload(customer, 'screen shot.png', png);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        filename: 'screen shot.png',
        contentType: 'image/png',
        sizeBytes: png.length,
        url: `/api/attachments/${res.body.id}`,
      });
      const row = await stack.db('attachments').where({ id: res.body.id }).first();
      expect(row.storage_key).toMatch(/^[a-f0-9]{2}\/[a-f0-9]{32}$/);
      expect(row.storage_key).not.toContain('screen');

      const download = await fetch(`${stack.baseUrl}${res.body.url}`, { headers: agent.auth });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`,
      );
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
      expect((await fetch(`${stack.baseUrl}${res.body.url}`, { headers: stranger.auth })).status).toBe(404);
      const detail = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}`, { headers: customer.auth });
      expect(detail.body.attachments.map((a: { id: number }) => a.id)).toContain(res.body.id);
    });

    it('refuses files over the limit with 413, and files whose content is not what their name says with 415', async () => {
      const big = await upload(customer, 'big.txt', Buffer.alloc(65 * 1024, 'a'));
      expect(big.status).toBe(413);
      expect(big.body.error.details).toEqual([{ path: 'file', message: 'must be at most 0.1 MB' }]);

      const liar = await upload(customer, 'holiday.png', Buffer.from('MZ\x90\x00this is a windows program', 'binary'));
      expect(liar.status).toBe(415);
      const textAsPng = await upload(customer, 'notes.png', Buffer.from('just some text'));
      expect(textAsPng.status).toBe(415);
      expect(textAsPng.body.error.message).toBe(
        'notes.png says .png but its content is text/plain; rename it or upload the right file.',
      );
      const exe = await upload(customer, 'tool.exe', Buffer.concat([Buffer.from('4d5a', 'hex'), Buffer.alloc(200, 1)]));
      expect(exe.status).toBe(415);
      expect((await upload(customer, 'log.txt', Buffer.from('line 1\nline 2\n'))).status).toBe(201);
    });

    it('keeps attachments of internal notes away from customers', async () => {
      const note = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
        headers: agent.auth,
        body: { body: 'internal log', internal: true },
      });
      const attached = await upload(agent, 'debug.txt', Buffer.from('secret stack trace'), {
        messageId: String(note.body.id),
      });
      expect(attached.status).toBe(201);
      expect((await fetch(`${stack.baseUrl}${attached.body.url}`, { headers: customer.auth })).status).toBe(404);
      const detail = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}`, { headers: customer.auth });
      expect(detail.body.attachments.map((a: { id: number }) => a.id)).not.toContain(attached.body.id);
      expect((await upload(customer, 'x.txt', Buffer.from('x'), { messageId: String(note.body.id) })).status).toBe(400);
    });
  });

  it('keeps the bytes where ATTACHMENT_STORE says, and removes those of a refused upload', async () => {
    const before = Number((await stack.db('attachment_chunks').count<{ count: number }[]>('* as count'))[0]?.count);
    const res = await upload(customer, 'where.txt', Buffer.from('stored where the setting says'));
    expect(res.status).toBe(201);
    const { storage_key: key } = await stack.db('attachments').where({ id: res.body.id }).first('storage_key');
    const chunks = await stack.db('attachment_chunks').where({ storage_key: key });
    expect(chunks.length).toBe(store === 'postgres' ? 1 : 0);
    // Refused after the type check passed (a message of another ticket): nothing is left behind.
    expect((await upload(customer, 'orphan.txt', Buffer.from('orphan'), { messageId: '999999999' })).status).toBe(400);
    const after = Number((await stack.db('attachment_chunks').count<{ count: number }[]>('* as count'))[0]?.count);
    expect(after - before).toBe(store === 'postgres' ? 1 : 0);
  });
});
