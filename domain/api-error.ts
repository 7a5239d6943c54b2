/** Machine-readable error codes of the HTTP contract, each tied to one status. */
export const apiErrorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A link that has expired (guest links). */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  dependency_unavailable: 503,
} as const;

/** One of the contract's error codes. */
export type ApiErrorCode = keyof typeof apiErrorStatus;

/** One invalid field: its path in the request body and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}
