import { z } from 'zod';
import { listApiKeysForUser } from '../../db/api-keys.js';
import type { Db } from '../../db/connection.js';
import { findUserByEmail } from '../../db/users.js';
import { CliUsageError, type CliOutput } from '../output.js';
import { printTable } from '../table.js';

const options = z.object({ email: z.email({ error: 'must be an e-mail address' }) });

const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

/** `apikeys:list --email E`: a user's keys, one a line (prefix, name, scopes, last used, revoked); never secrets. */
export async function apikeysList(db: Db, args: Record<string, string | undefined>, out: CliOutput): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success) throw CliUsageError.fromZod(parsed.error, 'apikeys:list --email E');
  const user = await findUserByEmail(db, parsed.data.email);
  if (!user) throw new CliUsageError(`--email: no user with e-mail ${parsed.data.email}`);
  const keys = await listApiKeysForUser(db, user.id);
  out.info(`${keys.length} API key(s) of ${user.email}`);
  const rows = [
    ['PREFIX', 'NAME', 'SCOPES', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [
      k.prefix,
      k.name,
      k.scopes.join(','),
      k.lastUsedAt ? when(k.lastUsedAt) : 'never',
      when(k.revokedAt),
    ]),
  ];
  printTable(rows, out);
}
