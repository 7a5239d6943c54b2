import { Router } from 'express';
import { buildOpenApiDocument } from './openapi.js';
import { addRoute } from './route-registry.js';

/** `GET /api/openapi.json`: the API's OpenAPI 3.1 document, built from the routes `api` serves. */
export function openApiRouter(api: Router, info: { version: string; publicUrl: string }): Router {
  const router = Router();
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  addRoute(
    router,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This API description (OpenAPI 3.1)',
      permission: null,
      responses: { 200: { description: 'The OpenAPI document' } },
    },
    (_req, res) => {
      // Built on first request, when every router is mounted.
      document ??= buildOpenApiDocument(api, info);
      res.json(document);
    },
  );
  return router;
}
