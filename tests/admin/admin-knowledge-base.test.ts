import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson, storeMessage } from '../support/fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// The knowledge base in the back office: staff write markdown articles (checked by the domain
// schema), preview them as the help centre will show them, publish and unpublish, and turn a good
// reply into a draft article. Managers arrange topics; only admins read the activity log.

let stack: TestStack;
let agent: AdminSession;
let manager: AdminSession;
let admin: AdminSession;
const tag = randomUUID().slice(0, 8);

beforeAll(async () => {
  stack = await startTestStack();
  [agent, manager, admin] = await Promise.all([
    adminSession(stack, 'agent'),
    adminSession(stack, 'manager'),
    adminSession(stack, 'admin'),
  ]);
});
afterAll(() => stack?.close());

const article = (id: string | number) => stack.db('kb_articles').where({ id }).first();
const publicArticle = (slug: string) => requestJson(`${stack.baseUrl}/api/kb/articles/${slug}`);

describe('articles in the back office', () => {
  let id: string;
  const title = `Reconnect the VPN ${tag}`;
  const slug = `reconnect-the-vpn-${tag}`;

  it('are written by agents as drafts, with a slug made from the title and the author recorded', async () => {
    const created = await agent.post('/api/resources/kb_articles/actions/new', {
      title,
      slug: '',
      body: '## Steps\n\n1. Open **Settings**\n2. <script>alert(1)</script>',
      language: 'en',
      tagsText: 'vpn, network, vpn',
      status: 'draft',
      visibility: 'everyone',
    });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    id = String(created.body.record.id);
    expect(await article(id)).toMatchObject({
      slug,
      status: 'draft',
      tags: ['vpn', 'network'],
      author_id: agent.userId,
      published_at: null,
    });
    expect((await publicArticle(slug)).status).toBe(404);
  });

  it('refuse contradictory audiences and bad slugs, naming the field', async () => {
    const res = await agent.post('/api/resources/kb_articles/actions/new', {
      title: `One org ${tag}`,
      slug: 'Not A Slug!',
      body: 'x',
      language: 'en',
      status: 'draft',
      visibility: 'organization',
    });
    expect(res.body.notice.type).toBe('error');
    expect(res.body.record.errors.slug.message).toMatch(/lower-case letters and digits/);
    expect(res.body.record.errors.organization_id.message).toMatch(/must be chosen for a one-organization article/);
  });

  it('preview as the help centre will show them: markdown rendered, raw HTML escaped', async () => {
    const res = await agent.get(`/api/resources/kb_articles/records/${id}/preview`);
    expect(res.status).toBe(200);
    expect(res.body.preview.html).toContain('<h3>Steps</h3>'); // below the page's h1 and the h2 sections
    expect(res.body.preview.html).toContain('<strong>Settings</strong>');
    expect(res.body.preview.html).toContain('&lt;script&gt;');
    expect(res.body.preview.tags).toEqual(['vpn', 'network']);
  });

  it('are published to the help centre and taken back by unpublishing', async () => {
    const published = await agent.post(`/api/resources/kb_articles/records/${id}/publish`);
    expect(published.body.notice.type).toBe('success');
    expect((await article(id)).published_at).not.toBeNull();
    const shown = await publicArticle(slug);
    expect(shown.status).toBe(200);
    expect(shown.body.title).toBe(title);
    expect((await requestJson(`${stack.baseUrl}/api/kb/search?q=reconnect%20vpn%20${tag}`)).body.items).toHaveLength(1);

    await agent.post(`/api/resources/kb_articles/records/${id}/unpublish`);
    expect((await publicArticle(slug)).status).toBe(404);
    const reviewed = await agent.post(`/api/resources/kb_articles/records/${id}/markReviewed`);
    expect(reviewed.body.notice.type).toBe('success');
    expect((await article(id)).last_reviewed_at).not.toBeNull();
  });

  it('are deleted by managers, not agents', async () => {
    expect((await agent.post(`/api/resources/kb_articles/records/${id}/delete`)).status).toBe(403);
    expect((await manager.post(`/api/resources/kb_articles/records/${id}/delete`)).status).toBe(200);
    expect(await article(id)).toBeUndefined();
  });
});

describe('a reply turned into a draft article', () => {
  it('keeps the ticket title and the reply, and links back to the message', async () => {
    const customer = await stack
      .db('users')
      .insert({ email: `kb-${tag}@test.example`, name: 'C' })
      .returning('id');
    const [ticket] = await stack
      .db('tickets')
      .insert({ title: `Invoices in PDF ${tag}`, description: 'How?', requester_id: customer[0].id })
      .returning('id');
    const message = await storeMessage(
      stack.db,
      {
        ticketId: ticket.id,
        authorId: agent.userId,
        body: 'Open **Billing → Invoices** and choose *Download PDF*.',
        internal: false,
        source: 'back_office',
      },
      { byStaff: true },
    );
    const res = await agent.post(`/api/resources/ticket_messages/records/${message.id}/draftArticle`);
    expect(res.body.notice.type).toBe('success');
    expect(res.body.redirectUrl).toMatch(
      new RegExp(`/admin/resources/kb_articles/records/${res.body.article.id}/edit$`),
    );
    expect(await article(res.body.article.id)).toMatchObject({
      title: `Invoices in PDF ${tag}`,
      body: 'Open **Billing → Invoices** and choose *Download PDF*.',
      status: 'draft',
      source_message_id: message.id,
      author_id: agent.userId,
    });
    const again = await agent.post(`/api/resources/ticket_messages/records/${message.id}/draftArticle`);
    expect(again.body.article.slug).toBe(`${res.body.article.slug}-2`);
  });
});

describe('who may do what', () => {
  it('lets managers arrange help-centre topics and agents only read them', async () => {
    const created = await manager.post('/api/resources/kb_categories/actions/new', {
      name: `Topic ${tag}`,
      slug: `topic-${tag}`,
      position: '5',
    });
    expect(created.body.notice.type).toBe('success');
    expect((await agent.post('/api/resources/kb_categories/actions/new', { name: 'x', slug: 'x' })).status).toBe(403);
    expect((await agent.get('/api/resources/kb_categories/actions/list')).status).toBe(200);
  });

  it('shows the activity log to admins only', async () => {
    expect((await admin.get('/api/resources/activity_events/actions/list')).status).toBe(200);
    expect((await manager.get('/api/resources/activity_events/actions/list')).status).toBe(403);
  });
});
