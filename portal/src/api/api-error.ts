import type { ApiErrorBody, ApiErrorCode, FieldIssue } from '../../../domain/api-error.js';

/** The error codes of the HTTP contract, plus `network` when the server could not be reached at all. */
export type PortalErrorCode = ApiErrorCode | 'network';

const fallbackMessages: Record<number, string> = {
  401: 'You are signed out. Sign in and try again.',
  403: 'You are not allowed to do that.',
  404: 'That was not found.',
  409: 'That is not possible right now; reload the page to see the latest state.',
  410: 'That link has expired.',
  413: 'That is too large.',
  415: 'That type of file is not allowed.',
  429: 'Too many requests; wait a moment and try again.',
  503: 'TicketFlow is temporarily unavailable; try again in a minute.',
};

const codesByStatus: Record<number, ApiErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'dependency_unavailable',
};

/** A failed API call, with the contract's code, a message for people and any invalid fields. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: PortalErrorCode,
    message: string,
    readonly fieldIssues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }

  /** The server's message for one field (by its path, e.g. `title`), if it named that field. */
  fieldMessage(path: string): string | undefined {
    return this.fieldIssues.find((issue) => issue.path === path)?.message;
  }
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldIssue).path === 'string' &&
    typeof (value as FieldIssue).message === 'string'
  );
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return (
    typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string'
  );
}

/** Turns an error response (status and body text) into an `ApiError`, whatever the body holds. */
export function toApiError(status: number, bodyText: string): ApiError {
  let body: unknown = null;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    // A proxy's HTML error page, say: fall back to a message for the status.
  }
  if (isErrorBody(body)) {
    const details = Array.isArray(body.error.details) ? body.error.details.filter(isFieldIssue) : [];
    return new ApiError(status, body.error.code, body.error.message, details);
  }
  const code = codesByStatus[status] ?? 'internal';
  return new ApiError(
    status,
    code,
    fallbackMessages[status] ?? `Something went wrong (HTTP ${status}). Try again in a moment.`,
  );
}

/** The error for a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(0, 'network', 'Could not reach TicketFlow. Check your connection and try again.');
}

/** A message for people from anything thrown by an API call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again in a moment.';
}
