import type { z } from 'zod';
import type { apiErrorResponse } from './api-response-schemas.js';

/** Machine-readable error codes of the HTTP contract, each tied to one status. */
export const apiErrorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** The same Idempotency-Key is still being processed (a concurrent duplicate). */
  idempotency_key_in_use: 409,
  /** A link that has expired (guest links). */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** The Idempotency-Key was used before with a different request. */
  idempotency_key_reused: 422,
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

/** The JSON body of every error response (inferred from its schema, which documents it). */
export type ApiErrorBody = z.infer<typeof apiErrorResponse>;
