import { z } from 'zod';
import { revokeApiKeyByPrefix } from '../../db/api-keys.js';
import type { Db } from '../../db/connection.js';
import { CliUsageError, type CliOutput } from '../output.js';

const options = z.object({
  prefix: z
    .string({ error: 'is required' })
    .regex(/^[a-z0-9]{8}$/, 'must be the 8-character prefix shown by apikeys:list (tf_<prefix>_…)'),
});

/** `apikeys:revoke --prefix P`: revokes a key; the next request with it is refused. */
export async function apikeysRevoke(db: Db, args: Record<string, string | undefined>, out: CliOutput): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success) throw CliUsageError.fromZod(parsed.error, 'apikeys:revoke --prefix P');
  const result = await revokeApiKeyByPrefix(db, parsed.data.prefix);
  if (!result)
    throw new CliUsageError(
      `--prefix: no API key with prefix ${parsed.data.prefix}; apikeys:list --email E shows a user's keys`,
    );
  const { summary, alreadyRevoked } = result;
  out.result(
    alreadyRevoked
      ? `API key ${summary.prefix} (${summary.name}) was already revoked at ${summary.revokedAt?.toISOString()}`
      : `revoked API key ${summary.prefix} (${summary.name})`,
  );
}
