import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ApiErrorCode } from '../domain/api-error.js';

// One registry per process: the metrics describe the process, however many apps it composes.
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const ticketsCreated = new Counter({
  name: 'tickets_created_total',
  help: 'Tickets created, by channel',
  labelNames: ['channel'] as const,
  registers: [registry],
});
const workflowCalls = new Counter({
  name: 'workflow_calls_total',
  help: 'Calls to ticket workflows (start, signal, update, query), by operation and outcome',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
const errors = new Counter({
  name: 'errors_total',
  help: 'Error responses, by contract error code',
  labelNames: ['code'] as const,
  registers: [registry],
});

/** Counts a created ticket. */
export function recordTicketCreated(channel: string): void {
  ticketsCreated.inc({ channel });
}

/** Counts one call to a ticket workflow, e.g. `recordWorkflowCall('start', 'ok')`. */
export function recordWorkflowCall(operation: string, outcome: 'ok' | 'error'): void {
  workflowCalls.inc({ operation, outcome });
}

/** Counts an error response by its contract code. */
export function recordError(code: ApiErrorCode): void {
  errors.inc({ code });
}

// Route patterns, not URLs, label the histogram: `/api/tickets/:id`, never one series per ticket.
const routePatterns = new WeakMap<Request, string>();

/** First handler of a route: remembers its pattern while `baseUrl` still holds the mount path. */
export const recordRoutePattern: RequestHandler = (req, _res, next) => {
  routePatterns.set(req, `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}`);
  next();
};

function patternOf(req: Request): string {
  const recorded = routePatterns.get(req);
  if (recorded) return recorded;
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : '(unmatched)';
}

/** Times every request into `http_request_duration_seconds`. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const stop = httpDuration.startTimer();
  res.once('finish', () => stop({ method: req.method, route: patternOf(req), status: String(res.statusCode) }));
  next();
};

/** `GET /metrics` in the Prometheus text format. */
export const metricsEndpoint: RequestHandler = async (_req, res) => {
  res.type(registry.contentType).send(await registry.metrics());
};
