import { randomUUID } from 'node:crypto';
import { createApiKey } from '../../db/api-keys.js';
import type { ApiKeyScope } from '../../domain/permissions.js';
import type { Db } from '../../db/connection.js';
import { insertMessageWithOutbox, type NewMessage } from '../../db/messages.js';
import { insertUser, type User } from '../../db/users.js';
import type { UserRole } from '../../domain/roles.js';

/** A user with an API key, unique to the calling test. */
export interface KeyedUser {
  user: User;
  key: string;
  auth: { authorization: string };
}

/** Creates a user of `role` (optionally in an organization) with an API key. */
export async function createKeyedUser(
  db: Db,
  role: UserRole,
  options: { organizationId?: number | null; scopes?: ApiKeyScope[] } = {},
): Promise<KeyedUser> {
  const tag = randomUUID().slice(0, 8);
  const user = await insertUser(db, {
    email: `${role}-${tag}@test.example`,
    name: `Test ${role} ${tag}`,
    role,
    organizationId: options.organizationId ?? null,
  });
  const { key } = await createApiKey(db, {
    userId: user.id,
    name: 'test',
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  return { user, key, auth: { authorization: `Bearer ${key}` } };
}

/** Sends JSON and returns status, headers and the parsed body. */
export async function requestJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route's JSON; tests read the fields they assert on.
): Promise<{ status: number; headers: Headers; body: any }> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const response = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/**
 * Stores a reply or note as the ticket commands do (with its outbox entry, so the workflow hears of
 * it through the relay), for tests that set up a conversation without going through a shell.
 */
export async function storeMessage(db: Db, input: NewMessage, options: { byStaff: boolean }) {
  const { message } = await insertMessageWithOutbox(db, input, (stored) => ({
    messageId: stored.id,
    authorId: input.authorId,
    byStaff: options.byStaff,
    internal: stored.internal,
    at: stored.createdAt,
    source: input.source,
  }));
  return message;
}
