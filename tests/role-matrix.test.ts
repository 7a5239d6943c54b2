import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { guestLinkKey, newGuestToken } from '../db/guest-links.js';
import { insertArticle } from '../db/kb-articles.js';
import type { UserRole } from '../domain/roles.js';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { newAccount, signIn, type SignedIn } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// Every route that exists × every kind of caller → the status they get. Sessions come from the real
// dev identity provider; the read-only key belongs to an agent. A new route is one more row.

type Who = UserRole | 'anonymous' | 'readOnlyKey';
const everyone: Who[] = ['admin', 'manager', 'agent', 'customer', 'anonymous', 'readOnlyKey'];

interface Fixtures {
  /** A ticket raised by the matrix's customer. */
  ownTicketId: number;
  /** A ticket raised by another customer. */
  othersTicketId: number;
  /** For rows that change a ticket: a new one, raised by the matrix's customer, for each call. */
  freshTicketId: number;
  /** An attachment on the customer's ticket. */
  attachmentId: number;
  /** The token of a guest's link to their ticket. */
  guestToken: string;
  /** A published knowledge-base article for everyone, and an image in it. */
  articleId: number;
  articleSlug: string;
  articleImageId: number;
  /** An active macro that replies and raises the priority. */
  macroId: number;
}

interface Row {
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: (f: Fixtures) => string;
  /** The JSON body, or a function of the fixtures for bodies that name one of them. */
  json?: unknown;
  /** A multipart upload body (built anew for each call): a text file, or a PNG image. */
  upload?: true | 'image';
  /** Set for rows that change the ticket: each caller gets a ticket of its own. */
  fresh?: true;
  /** Set for rows that end the caller's session: they get a fresh one. */
  endsSession?: true;
  expected: Record<Who, number>;
}

const matrix: Row[] = [
  {
    route: 'GET /api',
    method: 'GET',
    path: () => '/api',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/openapi.json',
    method: 'GET',
    path: () => '/api/openapi.json',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/me',
    method: 'GET',
    path: () => '/api/me',
    // Anonymous browsers get `{"user": null}`: not being signed in is an answer, not an error.
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/csrf',
    method: 'GET',
    path: () => '/api/csrf',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets',
    method: 'POST',
    path: () => '/api/tickets',
    json: { title: 'Role matrix', description: 'Created by the role matrix' },
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets (for a customer)',
    method: 'POST',
    path: () => '/api/tickets',
    json: {
      title: 'Role matrix',
      description: 'Raised for a caller',
      requester: { email: 'caller@role-matrix.example', name: 'Role Matrix Caller' },
      channel: 'phone',
    },
    expected: { admin: 201, manager: 201, agent: 201, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/tickets/:id (own)',
    method: 'GET',
    path: (f) => `/api/tickets/${f.ownTicketId}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: "GET /api/tickets/:id (another customer's)",
    method: 'GET',
    path: (f) => `/api/tickets/${f.othersTicketId}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 404, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/tickets',
    method: 'GET',
    path: () => '/api/tickets?limit=5',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'PATCH /api/tickets/:id',
    method: 'PATCH',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}`,
    json: { priority: 'high' },
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets/:id/messages (reply)',
    method: 'POST',
    path: (f) => `/api/tickets/${f.ownTicketId}/messages`,
    json: { body: 'A reply' },
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets/:id/messages (internal note)',
    method: 'POST',
    path: (f) => `/api/tickets/${f.ownTicketId}/messages`,
    json: { body: 'A note', internal: true },
    expected: { admin: 201, manager: 201, agent: 201, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: "POST /api/tickets/:id/messages (another customer's)",
    method: 'POST',
    path: (f) => `/api/tickets/${f.othersTicketId}/messages`,
    json: { body: 'Hi' },
    expected: { admin: 201, manager: 201, agent: 201, customer: 404, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets/:id/attachments',
    method: 'POST',
    upload: true,
    path: (f) => `/api/tickets/${f.ownTicketId}/attachments`,
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/attachments/:id',
    method: 'GET',
    path: (f) => `/api/attachments/${f.attachmentId}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'POST /api/tickets/:id/close',
    method: 'POST',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}/close`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets/:id/reopen',
    method: 'POST',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}/reopen`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 403 },
  },
  // A new ticket is not resolved yet: its requester hears 409; everyone else may not rate at all.
  {
    route: 'POST /api/tickets/:id/rating',
    method: 'POST',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}/rating`,
    json: { score: 5 },
    expected: { admin: 403, manager: 403, agent: 403, customer: 409, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/tickets/:id/sla',
    method: 'GET',
    path: (f) => `/api/tickets/${f.ownTicketId}/sla`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/tickets/:id/events',
    method: 'GET',
    path: (f) => `/api/tickets/${f.ownTicketId}/events`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/macros',
    method: 'GET',
    path: () => '/api/macros',
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'POST /api/tickets/:id/macros/:macroId',
    method: 'POST',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}/macros/${f.macroId}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/tickets/:id/merge',
    method: 'POST',
    fresh: true,
    path: (f) => `/api/tickets/${f.freshTicketId}/merge`,
    json: (f: Fixtures): unknown => ({ into: f.ownTicketId }),
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  // Guest routes are public: the signed token in the path is the credential, whoever else calls.
  {
    route: 'POST /api/guest/tickets',
    method: 'POST',
    path: () => '/api/guest/tickets',
    json: {
      name: 'Matrix Guest',
      email: 'matrix-guest@guest.example',
      title: 'Role matrix guest',
      description: 'Submitted by the role matrix',
    },
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 201, readOnlyKey: 201 },
  },
  {
    route: 'GET /api/guest/tickets/:token',
    method: 'GET',
    path: (f) => `/api/guest/tickets/${f.guestToken}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/guest/tickets/:token (tampered)',
    method: 'GET',
    path: (f) => `/api/guest/tickets/${f.guestToken}x`,
    expected: { admin: 404, manager: 404, agent: 404, customer: 404, anonymous: 404, readOnlyKey: 404 },
  },
  {
    route: 'POST /api/guest/tickets/:token/messages',
    method: 'POST',
    path: (f) => `/api/guest/tickets/${f.guestToken}/messages`,
    json: { body: 'A reply through the guest link' },
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 201, readOnlyKey: 201 },
  },
  // The knowledge base is public: what it shows depends on the caller, never whether it answers.
  {
    route: 'GET /api/kb/articles',
    method: 'GET',
    path: () => '/api/kb/articles',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/kb/articles/:slug',
    method: 'GET',
    path: (f) => `/api/kb/articles/${f.articleSlug}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/kb/categories',
    method: 'GET',
    path: () => '/api/kb/categories',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/kb/search',
    method: 'GET',
    path: () => '/api/kb/search?q=matrix',
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  {
    route: 'POST /api/kb/deflection-events',
    method: 'POST',
    path: () => '/api/kb/deflection-events',
    json: { sessionId: randomUUID(), type: 'shown', articleIds: [1], channel: 'portal' },
    expected: { admin: 201, manager: 201, agent: 201, customer: 201, anonymous: 201, readOnlyKey: 201 },
  },
  {
    route: 'POST /api/kb/articles/:id/images',
    method: 'POST',
    upload: 'image',
    path: (f) => `/api/kb/articles/${f.articleId}/images`,
    expected: { admin: 201, manager: 201, agent: 201, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/kb/images/:id',
    method: 'GET',
    path: (f) => `/api/kb/images/${f.articleImageId}`,
    expected: { admin: 200, manager: 200, agent: 200, customer: 200, anonymous: 200, readOnlyKey: 200 },
  },
  // Ticket views are staff's; saving one needs a key that may write.
  {
    route: 'GET /api/views',
    method: 'GET',
    path: () => '/api/views',
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'GET /api/tickets?view=',
    method: 'GET',
    path: () => '/api/tickets?view=all-open&limit=5',
    expected: { admin: 200, manager: 200, agent: 200, customer: 403, anonymous: 401, readOnlyKey: 200 },
  },
  {
    route: 'POST /api/views',
    method: 'POST',
    path: () => '/api/views',
    json: { name: 'Role matrix view', filters: { status: ['open'] } },
    expected: { admin: 201, manager: 201, agent: 201, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'DELETE /api/views/:id (no such view)',
    method: 'DELETE',
    path: () => '/api/views/2147483647',
    expected: { admin: 404, manager: 404, agent: 404, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  // Reports are for managers and admins; the read-only key belongs to an agent.
  {
    route: 'GET /api/reports',
    method: 'GET',
    path: () => '/api/reports',
    expected: { admin: 200, manager: 200, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/reports/:name',
    method: 'GET',
    path: () => '/api/reports/sla-compliance?from=2026-01-01&to=2026-01-31',
    expected: { admin: 200, manager: 200, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/reports/:name.csv',
    method: 'GET',
    path: () => '/api/reports/csat.csv',
    expected: { admin: 200, manager: 200, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  // Outbound webhooks are for admins (the read-only key belongs to an agent).
  {
    route: 'GET /api/webhooks',
    method: 'GET',
    path: () => '/api/webhooks',
    expected: { admin: 200, manager: 403, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'POST /api/webhooks (no fields)',
    method: 'POST',
    path: () => '/api/webhooks',
    json: {},
    expected: { admin: 400, manager: 403, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'DELETE /api/webhooks/:id (none such)',
    method: 'DELETE',
    path: () => '/api/webhooks/999999',
    expected: { admin: 404, manager: 403, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/webhooks/:id/deliveries (none such)',
    method: 'GET',
    path: () => '/api/webhooks/999999/deliveries',
    expected: { admin: 404, manager: 403, agent: 403, customer: 403, anonymous: 401, readOnlyKey: 403 },
  },
  {
    route: 'GET /api/nothing-here',
    method: 'GET',
    path: () => '/api/nothing-here',
    expected: { admin: 404, manager: 404, agent: 404, customer: 404, anonymous: 404, readOnlyKey: 404 },
  },
  {
    route: 'GET /auth/login',
    method: 'GET',
    path: () => '/auth/login',
    expected: { admin: 302, manager: 302, agent: 302, customer: 302, anonymous: 302, readOnlyKey: 302 },
  },
  {
    route: 'GET /auth/callback (no sign-in under way)',
    method: 'GET',
    path: () => '/auth/callback?code=x&state=y',
    expected: { admin: 400, manager: 400, agent: 400, customer: 400, anonymous: 400, readOnlyKey: 400 },
  },
  {
    route: 'POST /auth/logout',
    method: 'POST',
    path: () => '/auth/logout',
    endsSession: true,
    expected: { admin: 303, manager: 303, agent: 303, customer: 303, anonymous: 303, readOnlyKey: 303 },
  },
];

const stack = useTestStack();
let sessions: Record<UserRole, SignedIn>;
let readOnlyKey: string;
let fixtures: Fixtures;

const signInAs = (role: UserRole) => signIn(stack, newAccount(stack, role));

beforeAll(async () => {
  const [admin, manager, agent, customer] = await Promise.all(
    (['admin', 'manager', 'agent', 'customer'] as const).map(signInAs),
  );
  sessions = {
    admin: admin as SignedIn,
    manager: manager as SignedIn,
    agent: agent as SignedIn,
    customer: customer as SignedIn,
  };
  readOnlyKey = (await createKeyedUser(stack.db, 'agent', { scopes: ['tickets:read'] })).key;
  const other = await createKeyedUser(stack.db, 'customer');
  const own = await sessions.customer.api('/api/tickets', {
    json: { title: 'Mine', description: 'Raised by the matrix customer' },
  });
  const others = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: other.auth,
    body: { title: 'Theirs', description: 'Raised by someone else' },
  });
  const uploaded = await fetch(`${stack.baseUrl}/api/tickets/${own.body.id}/attachments`, {
    method: 'POST',
    headers: (await createKeyedUser(stack.db, 'agent')).auth,
    body: uploadForm(),
  });
  const guest = await requestJson(`${stack.baseUrl}/api/guest/tickets`, {
    body: {
      name: 'Matrix Guest',
      email: 'matrix-guest@guest.example',
      title: 'Guest ticket',
      description: 'For the guest rows',
    },
  });
  const guestTicket = await stack.db('tickets').where({ number: guest.body.ticket.number }).first('id');
  const guestToken = newGuestToken(guestLinkKey(stack.appSecretKey), guestTicket.id, 'matrix-guest@guest.example');
  const article = await insertArticle(stack.db, {
    title: 'Role matrix article',
    slug: `role-matrix-${randomUUID().slice(0, 8)}`,
    body: 'For the matrix',
    language: 'en',
    categoryId: null,
    status: 'published',
    visibility: 'everyone',
    authorId: null,
  });
  const image = await sessions.agent.browser.send(`${stack.baseUrl}/api/kb/articles/${article.id}/images`, {
    method: 'POST',
    headers: { 'x-csrf-token': await sessions.agent.csrfToken() },
    multipart: uploadForm('image'),
  });
  const [macro] = await stack
    .db('macros')
    .insert({
      name: `Matrix ${randomUUID().slice(0, 8)}`,
      body: 'On it, {{requester.firstName}}.',
      set_priority: 'high',
    })
    .returning('id');
  fixtures = {
    macroId: macro.id,
    ownTicketId: own.body.id,
    othersTicketId: others.body.id,
    freshTicketId: 0,
    attachmentId: ((await uploaded.json()) as { id: number }).id,
    guestToken,
    articleId: article.id,
    articleSlug: article.slug,
    articleImageId: (JSON.parse(image.body) as { id: number }).id,
  };
});

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const uploadForm = (kind: Row['upload'] = true) => {
  const form = new FormData();
  if (kind === 'image') form.set('file', new Blob([new Uint8Array(png)]), 'matrix.png');
  else form.set('file', new Blob(['a line of text']), 'matrix.txt');
  return form;
};

async function call(who: Who, row: Row): Promise<number> {
  const freshTicketId = row.fresh
    ? (
        await sessions.customer.api('/api/tickets', {
          json: { title: 'Fresh', description: 'For one caller of the matrix' },
        })
      ).body.id
    : 0;
  const path = row.path({ ...fixtures, freshTicketId });
  const json: unknown = typeof row.json === 'function' ? (row.json as (f: Fixtures) => unknown)(fixtures) : row.json;
  const body = row.upload ? { multipart: uploadForm(row.upload) } : json === undefined ? {} : { json };
  if (who === 'anonymous' || who === 'readOnlyKey') {
    const headers: Record<string, string> = who === 'readOnlyKey' ? { authorization: `Bearer ${readOnlyKey}` } : {};
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: row.method,
      redirect: 'manual',
      headers: { ...headers, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(row.upload ? { body: uploadForm(row.upload) } : json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    return res.status;
  }
  const session = row.endsSession ? await signInAs(who) : sessions[who];
  // Writes carry the CSRF token: the matrix is about roles (tests/sign-in.test.ts covers CSRF).
  const headers: Record<string, string> = row.method === 'GET' ? {} : { 'x-csrf-token': await session.csrfToken() };
  return (await session.browser.send(`${stack.baseUrl}${path}`, { method: row.method, headers, ...body })).status;
}

describe('the role matrix: every route × every caller', () => {
  for (const row of matrix) {
    it(row.route, async () => {
      const actual = Object.fromEntries(
        await Promise.all(everyone.map(async (who) => [who, await call(who, row)] as const)),
      );
      expect(actual).toEqual(row.expected);
    });
  }
});
