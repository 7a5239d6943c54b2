import type { Failure, Outcome } from '../../tickets/outcome.js';
import { HttpError } from '../http-error.js';

/** The contract's error for an outcome that is not `ok`: the one place ticket outcomes become HTTP. */
export function httpErrorOf(failure: Failure): HttpError {
  switch (failure.kind) {
    case 'not_found':
      return new HttpError('not_found', failure.message);
    case 'stale':
      return new HttpError('conflict', failure.message, { reason: 'stale_version' });
    case 'unavailable':
      return new HttpError('dependency_unavailable', failure.message, undefined, {
        'Retry-After': String(failure.retryAfterSeconds),
      });
    case 'refused':
      switch (failure.reason) {
        case 'forbidden':
          return new HttpError('forbidden', failure.message);
        case 'invalid_input':
          return new HttpError(
            'validation_failed',
            'The request is invalid; see details for each field.',
            failure.issues,
          );
        case 'link_expired':
          return new HttpError('gone', failure.message);
        case 'invalid_transition':
        case 'closed':
        case 'not_resolved':
          return new HttpError('conflict', failure.message, {
            reason: failure.reason,
            ...(failure.allowed ? { allowed: failure.allowed } : {}),
          });
      }
  }
}

/** The value of an `ok` outcome; anything else is thrown as the contract's error (see `httpErrorOf`). */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.kind === 'ok') return outcome.value;
  throw httpErrorOf(outcome);
}
