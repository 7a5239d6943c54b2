import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody } from '../domain/api-error.js';
import { HttpError, notFound } from './http-error.js';
import { recordError } from './metrics.js';

/** Errors raised by body parsing in Express, which carry a `type` and a `status`. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

function fromBodyParser(error: BodyParserError): HttpError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpError('validation_failed', 'The request body is not valid JSON.', [{ path: '(body)', message: 'is not valid JSON' }]);
    case 'entity.too.large':
      return new HttpError('payload_too_large', 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('unsupported_media_type', error.message);
    default:
      return null;
  }
}

/** The API's 404 for unknown routes. */
export const apiNotFound: RequestHandler = (req) => {
  throw notFound(`${req.method} ${req.baseUrl}${req.path}`);
};

/** Turns every error into the contract's `{"error": {code, message, details}}`; unexpected ones are logged, never leaked. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof HttpError ? error : fromBodyParser(error as BodyParserError);
  if (res.headersSent) return;
  if (known) {
    recordError(known.code);
    res.set(known.headers);
    const body: ApiErrorBody = { error: { code: known.code, message: known.message, ...(known.details !== undefined ? { details: known.details } : {}) } };
    res.status(known.status).json(body);
    return;
  }
  recordError('internal');
  req.log?.error({ err: error }, 'unhandled error');
  const body: ApiErrorBody = { error: { code: 'internal', message: `Something went wrong on our side (request ${String(req.id)}). Try again; if it keeps failing, report the request id.` } };
  res.status(500).json(body);
};
