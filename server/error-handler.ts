import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { ApiErrorBody } from '../domain/api-error.js';
import { isTemporalUnavailable } from '../workflows/client.js';
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
      return new HttpError('validation_failed', 'The request body is not valid JSON.', [
        { path: '(body)', message: 'is not valid JSON' },
      ]);
    case 'entity.too.large':
      return new HttpError('payload_too_large', 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('unsupported_media_type', error.message);
    default:
      return null;
  }
}

/** Seconds a client is asked to wait before retrying while a dependency is down. */
export const dependencyRetryAfterSeconds = 5;

// A dependency that is down is not our bug: the caller gets 503 with Retry-After and can simply retry.
function fromDependency(error: unknown): HttpError | null {
  const headers = { 'Retry-After': String(dependencyRetryAfterSeconds) };
  if (isDatabaseUnavailable(error))
    return new HttpError(
      'dependency_unavailable',
      `The database is unavailable right now (it may be restarting). Try again in ${dependencyRetryAfterSeconds} seconds.`,
      { dependency: 'postgres' },
      headers,
    );
  if (isTemporalUnavailable(error))
    return new HttpError(
      'dependency_unavailable',
      `The workflow engine (Temporal) is unavailable right now. Try again in ${dependencyRetryAfterSeconds} seconds.`,
      { dependency: 'temporal' },
      headers,
    );
  return null;
}

/** The API's 404 for unknown routes. */
export const apiNotFound: RequestHandler = (req) => {
  throw notFound(`${req.method} ${req.baseUrl}${req.path}`);
};

/** Answers whether PostgreSQL takes a query right now (a short probe). */
export type DatabaseProbe = () => Promise<boolean>;

/**
 * Turns every error into the contract's `{"error": {code, message, details}}`; unexpected ones are
 * logged, never leaked. An error we do not recognise that happens while the database cannot be
 * reached (checked with `databaseReachable`) is the outage's doing, whatever shape the driver gave
 * it mid-failure: 503 with Retry-After, as for the errors we do recognise.
 */
export function createErrorHandler(options: { databaseReachable?: DatabaseProbe } = {}): ErrorRequestHandler {
  return async (error, req, res, _next) => {
    let known =
      error instanceof HttpError ? error : (fromBodyParser(error as BodyParserError) ?? fromDependency(error));
    if (!known && options.databaseReachable && !(await options.databaseReachable().catch(() => false)))
      known = fromDependency(Object.assign(new Error('database unreachable'), { code: 'ECONNREFUSED', cause: error }));
    if (res.headersSent) return;
    if (known) {
      if (known.code === 'dependency_unavailable') req.log?.warn({ err: error }, known.message);
      recordError(known.code);
      res.set(known.headers);
      const body: ApiErrorBody = {
        error: {
          code: known.code,
          message: known.message,
          ...(known.details !== undefined ? { details: known.details } : {}),
        },
      };
      res.status(known.status).json(body);
      return;
    }
    recordError('internal');
    req.log?.error({ err: error }, 'unhandled error');
    const body: ApiErrorBody = {
      error: {
        code: 'internal',
        message: `Something went wrong on our side (request ${String(req.id)}). Try again; if it keeps failing, report the request id.`,
      },
    };
    res.status(500).json(body);
  };
}

/** The handler without a database probe (errors are classified by their shape alone). */
export const errorHandler: ErrorRequestHandler = createErrorHandler();
