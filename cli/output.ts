import type { z } from 'zod';

/** Where CLI commands write: `info` for people (stderr), `result` for scripts (stdout). */
export interface CliOutput {
  info(message: string): void;
  result(message: string): void;
}

/** A mistake in how the command was called; printed without a stack trace. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
  static fromZod(error: z.ZodError, usage: string): CliUsageError {
    const lines = error.issues.map((i) => `  --${i.path.join('.')} ${i.message}`);
    return new CliUsageError(`${lines.join('\n')}\nusage: npm run tf -- ${usage}`);
  }
}
