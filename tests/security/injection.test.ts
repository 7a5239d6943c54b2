import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableResource } from '../../admin/table-resource.js';
import { startBackOfficeWorld, type BackOfficeWorld } from '../support/back-office-world.js';
import { requestJson } from '../support/fixtures.js';

// Class: injection through list filters, sorting and search, in the back office and the API.
// Every filter the back office offers must work for its column's type (a 500 is a failure), none
// may reach a column the list does not offer, and hostile values are data, never SQL.
let world: BackOfficeWorld;
beforeAll(async () => {
  world = await startBackOfficeWorld();
}, 180_000);
afterAll(() => world?.close());

const hostile = [`x' or '1'='1`, `'; drop table users; --`, '%', '_', '\\', '%%\\_', '"', '<script>alert(1)</script>'];

const list = (resourceId: string, query: string) =>
  world.sessions.admin.get(`/api/resources/${resourceId}/actions/list?${query}`);

// A value of the right kind for each filter, and hostile strings for text.
function sampleValues(resource: TableResource, column: string): string[] {
  const property = resource.decorate().getPropertyByKey(column);
  const type = property?.type();
  const choices = property?.availableValues();
  if (choices?.length) return [String(choices[0]?.value), ...hostile.slice(0, 2)];
  if (type === 'boolean') return ['true', 'false'];
  if (type === 'number' || type === 'reference') return ['1', '2147483647', 'abc', '-1'];
  if (type === 'date' || type === 'datetime') return ['2026-01-01T00:00:00Z', 'not a date'];
  return ['a', ...hostile];
}

const encode = (column: string, value: string, type?: string) =>
  type === 'date' || type === 'datetime'
    ? `filters.${column}~~from=${encodeURIComponent(value)}&filters.${column}~~to=${encodeURIComponent('2100-01-01')}`
    : `filters.${column}=${encodeURIComponent(value)}`;

describe('back office list filters', () => {
  it('every filter each resource offers answers 200 for its kind of value and for hostile text', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const resource of world.admin.resources) {
      if (!(resource instanceof TableResource)) continue;
      const id = resource.id();
      const offered = resource.decorate().getProperties({ where: 'filter' });
      for (const property of offered) {
        for (const value of sampleValues(resource, property.propertyPath)) {
          const res = await list(id, encode(property.propertyPath, value, property.type()));
          tried += 1;
          if (res.status !== 200 || !Array.isArray(res.body.records))
            failures.push(
              `${id}.${property.propertyPath}=${value}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            );
        }
      }
      // Sorting by each column the list offers to sort by, both ways.
      for (const property of resource.decorate().getProperties({ where: 'list' }))
        for (const direction of property.isSortable() ? ['asc', 'desc'] : []) {
          const res = await list(id, `sortBy=${property.propertyPath}&direction=${direction}`);
          tried += 1;
          if (res.status !== 200) failures.push(`${id} sorted by ${property.propertyPath}: ${res.status}`);
        }
    }
    expect(tried).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    // The hostile strings did nothing: the users table is still there, with its rows.
    expect(Number((await world.stack.db('users').count({ n: '*' }))[0]?.n)).toBeGreaterThan(5);
  });

  it('the filter panel offers real columns only, the same ones the server accepts', () => {
    for (const resource of world.admin.resources) {
      if (!(resource instanceof TableResource)) continue;
      const offered = resource
        .decorate()
        .getProperties({ where: 'filter' })
        .map((p) => p.propertyPath);
      for (const column of offered) expect(resource.property(column), `${resource.id()}.${column}`).not.toBeNull();
      expect(resource.filterableColumns()).toEqual(expect.arrayContaining(offered));
    }
  });

  it('filters tickets by tags (a text[] column): every tag given must be on the ticket', async () => {
    const { db } = world.stack;
    const [vip, both, other] = await db('tickets').orderBy('id').limit(3).pluck('id');
    await db('tickets').update({ tags: '{}' });
    await db('tickets')
      .where({ id: vip })
      .update({ tags: ['vip'] });
    await db('tickets')
      .where({ id: both })
      .update({ tags: ['vip', 'billing'] });
    await db('tickets')
      .where({ id: other })
      .update({ tags: ['billing'] });
    const ids = async (query: string) => {
      const res = await world.sessions.agent.get(`/api/resources/tickets/actions/list?${query}`);
      expect(res.status).toBe(200);
      return res.body.records.map((r: { id: number }) => Number(r.id)).sort();
    };
    expect(await ids('filters.tags=vip')).toEqual([vip, both].sort());
    expect(await ids(`filters.tags=${encodeURIComponent('vip, billing')}`)).toEqual([both]);
    expect(await ids('filters.tags=nothing-has-this')).toEqual([]);
    expect(await ids(`filters.tags=${encodeURIComponent("vip'}")}`)).toEqual([]);
  });

  it('refuses filters, searches and sorting on columns the list does not offer, naming them, with 400', async () => {
    for (const [resource, query, column] of [
      ['notification_channels', 'filters.secret_ciphertext=v1', 'secret_ciphertext'],
      ['notification_channels', 'filters.settings=a', 'settings'],
      ['api_keys', 'filters.secret_hash=a', 'secret_hash'],
      ['tickets', 'filters.search=printer', 'search'],
      ['users', 'filters.oidc_subject=a', 'oidc_subject'],
      ['notification_channels', 'sortBy=secret_ciphertext', 'secret_ciphertext'],
      ['api_keys', 'sortBy=secret_hash', 'secret_hash'],
    ] as const) {
      const res = await list(resource, query);
      expect(res.status, `${resource} ${query}`).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message).toContain(`"${column}"`);
    }
    // The search box and reference pickers cannot be pointed at a hidden column either.
    const search = await world.sessions.admin.get(
      '/api/resources/api_keys/actions/search/abc?searchProperty=secret_hash',
    );
    expect(search.status).toBe(400);
    const byTitle = await world.sessions.admin.get('/api/resources/users/actions/search/a');
    expect(byTitle.status).toBe(200);
  });
});

describe('API query parameters', () => {
  it('treat hostile search and filter values as data: a clear 400 or an empty page, never a 500', async () => {
    const staff = world.customer.auth;
    for (const value of hostile) {
      const q = await requestJson(`${world.stack.baseUrl}/api/tickets?q=${encodeURIComponent(value)}`, {
        headers: staff,
      });
      expect([200, 400], value).toContain(q.status);
      for (const name of ['status', 'priority', 'assigneeId', 'teamId', 'cursor', 'limit']) {
        const res = await requestJson(`${world.stack.baseUrl}/api/tickets?${name}=${encodeURIComponent(value)}`, {
          headers: staff,
        });
        expect([200, 400], `${name}=${value}`).toContain(res.status);
        if (res.status === 400) expect(res.body.error.code).toBe('validation_failed');
      }
    }
  });
});
