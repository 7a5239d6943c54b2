import type { z } from 'zod';
import type { FieldIssue } from '../../domain/api-error.js';
import { validationFailed } from '../http-error.js';

function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    // Unknown keys are reported once per key, at the key's own path.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: 'is not a known field' }));
    }
    const path = issue.path.map(String).join('.') || '(body)';
    return [{ path, message: issue.message }];
  });
}

/** Validates request input against a domain schema, or throws the contract's 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path' = 'body',
): z.output<S> {
  if (
    where === 'body' &&
    (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    throw validationFailed(
      [{ path: '(body)', message: 'must be a JSON object' }],
      'The request body must be a JSON object.',
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(toFieldIssues(result.error));
  return result.data;
}
