import type { Router } from 'express';
import { z } from 'zod';
import { apiErrorResponse } from '../../domain/api-response-schemas.js';
import { csrfHeader } from '../auth/csrf.js';
import { permissionRule } from '../../domain/permissions.js';
import { sessionCookieName } from '../auth/session.js';
import { openApiWebhooks } from './openapi-webhooks.js';
import { routesOf, type ApiRoute } from './route-registry.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

interface MountedRoute {
  path: string;
  router?: Router;
}

/** Every documented route under `router`, with its full path below `prefix`, walking mounted routers. */
export function documentedRoutes(router: Router, prefix: string): { fullPath: string; route: ApiRoute }[] {
  const own = routesOf(router).map((route) => ({ fullPath: `${prefix}${route.path}`, route }));
  const mounted = (router as unknown as { listRoutes(): MountedRoute[] }).listRoutes().filter((r) => r.router);
  return [
    ...own,
    ...mounted.flatMap((m) => documentedRoutes(m.router as Router, `${prefix}${m.path === '/' ? '' : m.path}`)),
  ];
}

function multipartSchema(multipart: NonNullable<ApiRoute['multipart']>): JsonSchema {
  const fields = multipart.fields
    ? (jsonSchema(multipart.fields, 'input') as { properties?: Record<string, JsonSchema> }).properties
    : {};
  return {
    type: 'object',
    required: [multipart.file],
    properties: { [multipart.file]: { type: 'string', format: 'binary' }, ...fields },
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(route: ApiRoute, fullPath: string) {
  const rule = route.permission ? permissionRule(route.permission) : null;
  const pathParams = Object.entries(route.params ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchema(schema, 'input'),
  }));
  const query = route.query
    ? (jsonSchema(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] })
    : undefined;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  const writes = route.method !== 'get';
  const csrfParam =
    rule && writes
      ? [
          {
            name: csrfHeader,
            in: 'header',
            required: false,
            description:
              'Required when signed in with the session cookie (get it from GET /api/csrf); not with an API key.',
            schema: { type: 'string' },
          },
        ]
      : [];
  const idempotencyParam = route.idempotent
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'A unique key per submission (e.g. a UUID), reused on retries: a retry answers the first response (24 h); the same key with another request answers 422, while the first is still running 409.',
          schema: { type: 'string', maxLength: 255 },
        },
      ]
    : [];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const schema = r.schema ? jsonSchema(r.schema, 'output') : r.mediaType ? { type: 'string' } : null;
    responses[status] = {
      description: r.description,
      ...(schema ? { content: { [r.mediaType ?? 'application/json']: { schema } } } : {}),
    };
  }
  if (route.body || route.query || pathParams.length)
    responses['400'] = errorResponse('Invalid input; `details` names each field');
  if (rule) {
    responses['401'] = errorResponse('Not signed in and no valid API key');
    responses['403'] = errorResponse(
      `Not allowed${rule.scope ? ` (API keys need the ${rule.scope} scope)` : ''}${writes ? ', or the CSRF token is missing' : ''}`,
    );
  }
  if (pathParams.length) responses['404'] = errorResponse('Not found, or not visible to the caller');
  if (route.body) responses['415'] = errorResponse('The body is not JSON');
  if (route.multipart) {
    responses['413'] = errorResponse('The file is over the size limit');
    responses['415'] = errorResponse('The file type is not accepted, or its name claims another type than its content');
  }
  if (route.idempotent) {
    responses['409'] ??= errorResponse('A request with the same Idempotency-Key is still running; retry');
    responses['422'] = errorResponse('The Idempotency-Key was used with a different request');
  }
  responses['429'] = errorResponse('Rate limited; see Retry-After');
  return {
    operationId: `${route.method}${fullPath.replace(/\/:?(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    summary: route.summary,
    ...(rule ? { 'x-permission': route.permission, security: [{ session: [] }, { apiKey: [] }] } : { security: [] }),
    ...(pathParams.length || queryParams.length || csrfParam.length || idempotencyParam.length
      ? { parameters: [...pathParams, ...queryParams, ...csrfParam, ...idempotencyParam] }
      : {}),
    ...(route.body
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
        }
      : {}),
    ...(route.multipart
      ? {
          requestBody: {
            required: true,
            content: { 'multipart/form-data': { schema: multipartSchema(route.multipart) } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route registered under `api` (mounted at `/api`). */
export function buildOpenApiDocument(api: Router, info: { version: string; publicUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { fullPath, route } of documentedRoutes(api, '/api')) {
    const openApiPath = fullPath.replace(/:(\w+)/g, '{$1}');
    paths[openApiPath] = { ...paths[openApiPath], [route.method]: operation(route, fullPath) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TicketFlow API',
      version: info.version,
      description:
        'Errors are `{"error": {code, message, details}}`. Authenticate with the session cookie (browser) or `Authorization: Bearer <api key>`.',
    },
    servers: [{ url: info.publicUrl }],
    paths,
    // What TicketFlow sends to endpoints registered with POST /api/webhooks.
    webhooks: openApiWebhooks(),
    components: {
      schemas: { Error: jsonSchema(apiErrorResponse, 'output') },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key `tf_<prefix>_<secret>` (npm run tf -- apikeys:create); acts as its owner, limited to its scopes.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: sessionCookieName,
          description: 'The browser session from /auth/login; writes also need the X-CSRF-Token header.',
        },
      },
    },
  };
}
