import { apiErrorStatus, type ApiErrorCode, type FieldIssue } from '../domain/api-error.js';

/** An error that becomes the contract's JSON error response. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = apiErrorStatus[code];
  }
}

/** 400 with the invalid fields listed. */
export const validationFailed = (
  issues: FieldIssue[],
  message = 'The request is invalid; see details for each field.',
) => new HttpError('validation_failed', message, issues);

/** 404; also used for tickets the caller may not see, so their existence is not revealed. */
export const notFound = (what: string) => new HttpError('not_found', `${what} was not found.`);

/** 401: no or bad credentials. */
export const unauthenticated = () =>
  new HttpError('unauthenticated', 'Sign in, or send `Authorization: Bearer <api key>`.', undefined, {
    'WWW-Authenticate': 'Bearer',
  });

/** 403: signed in but not allowed. */
export const forbidden = (why: string) => new HttpError('forbidden', why);
