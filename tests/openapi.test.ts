import { describe, expect, it } from 'vitest';
import { webhookEventTypes } from '../domain/webhook-schemas.js';
import { requestJson } from './support/fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

const stack = useTestStack();

interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: { listRoutes(): ListedRoute[] };
}

/** Every `METHOD /path` Express itself would serve, read from its router (not from our registry). */
function servedRoutes(router: { listRoutes(): ListedRoute[] }, prefix = ''): string[] {
  return router.listRoutes().flatMap((r) => {
    const path = `${prefix}${r.path === '/' && r.router ? '' : String(r.path)}`;
    if (r.router) return servedRoutes(r.router, path);
    return (r.methods ?? []).filter((m) => m.toLowerCase() !== 'head').map((m) => `${m.toUpperCase()} ${path}`);
  });
}

describe('GET /api/openapi.json', () => {
  it('describes every /api route Express serves, and nothing it does not', async () => {
    const res = await requestJson(`${stack.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = servedRoutes((stack.app as unknown as { router: { listRoutes(): ListedRoute[] } }).router).filter(
      (r) => / \/api(\/|$)/.test(r),
    );
    expect(served).toContain('POST /api/tickets');
    expect(served).toContain('GET /api/tickets/:id');
    expect(served).toContain('GET /api/me');
    expect(served).toContain('GET /api/csrf');
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
  });

  it('generates request and response schemas from the domain schemas, with who may call', async () => {
    const { body } = await requestJson(`${stack.baseUrl}/api/openapi.json`);
    const create = body.paths['/api/tickets'].post;
    expect(create['x-permission']).toBe('tickets:create');
    expect(create.security).toEqual([{ session: [] }, { apiKey: [] }]);
    const input = create.requestBody.content['application/json'].schema;
    expect(input.required).toEqual(['title', 'description']);
    expect(input.properties.priority.enum).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(input.additionalProperties).toBe(false);
    expect(create.responses['201'].content['application/json'].schema.properties.number.description).toMatch(/TF-1001/);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '415', '429']));
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'X-CSRF-Token', in: 'header' }));

    const read = body.paths['/api/tickets/{id}'].get;
    expect(read.parameters).toContainEqual({
      name: 'id',
      in: 'path',
      required: true,
      schema: expect.objectContaining({ type: 'integer' }),
    });
    expect(body.paths['/api/openapi.json'].get.security).toEqual([]);
    expect(body.components.schemas.Error.properties.error.properties.code.enum).toContain('rate_limited');
  });

  it('describes outbound webhooks: every event type, its signed headers and its body schema', async () => {
    const { body } = await requestJson(`${stack.baseUrl}/api/openapi.json`);
    expect(Object.keys(body.webhooks).sort()).toEqual([...webhookEventTypes].sort());
    const created = body.webhooks['ticket.created'].post;
    expect(created.parameters.map((p: { name: string }) => p.name)).toEqual([
      'X-TicketFlow-Signature',
      'X-TicketFlow-Event-Id',
    ]);
    const schema = created.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'type', 'created_at', 'ticket', 'data']));
    expect(schema.properties.type.const).toBe('ticket.created');
    expect(schema.properties.ticket.properties.number.description).toMatch(/TF-1001/);
    const register = body.paths['/api/webhooks'].post;
    expect(register['x-permission']).toBe('webhooks:manage');
    expect(register.requestBody.content['application/json'].schema.required).toEqual(['url', 'events', 'secret']);
  });
});
