import { z } from 'zod';
import { createApiKey } from '../../db/api-keys.js';
import { apiKeyScopes } from '../../domain/permissions.js';
import type { Db } from '../../db/connection.js';
import { findUserByEmail } from '../../db/users.js';
import { singleLineText } from '../../domain/text-fields.js';
import { CliUsageError, type CliOutput } from '../output.js';

const options = z.object({
  email: z.email({ error: 'must be an e-mail address' }),
  name: singleLineText(100).default('cli'),
  scopes: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(apiKeyScopes, { error: `must be among ${apiKeyScopes.join(', ')}` })).min(1))
    .optional(),
});

/** `apikeys:create --email E [--name N] [--scopes a,b]`: prints the new key once, alone on the last line. */
export async function apikeysCreate(db: Db, args: Record<string, string | undefined>, out: CliOutput): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success)
    throw CliUsageError.fromZod(
      parsed.error,
      'apikeys:create --email E [--name NAME] [--scopes tickets:read,tickets:write]',
    );
  const user = await findUserByEmail(db, parsed.data.email);
  if (!user) throw new CliUsageError(`--email: no user with e-mail ${parsed.data.email}; create one with users:create`);
  if (!user.active) throw new CliUsageError(`--email: ${user.email} is deactivated`);
  const { key, summary } = await createApiKey(db, {
    userId: user.id,
    name: parsed.data.name,
    scopes: parsed.data.scopes,
  });
  out.info(
    `API key ${summary.prefix} for ${user.email} (scopes: ${summary.scopes.join(', ')}). Store it now: it is not shown again.`,
  );
  out.result(key);
}
