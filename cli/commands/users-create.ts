import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { insertUser } from '../../db/users.js';
import { findOrganizationByName } from '../../db/organizations.js';
import { userRoles } from '../../domain/roles.js';
import { singleLineText } from '../../domain/text-fields.js';
import { CliUsageError, type CliOutput } from '../output.js';

const options = z.object({
  email: z.email({ error: 'must be an e-mail address' }),
  name: singleLineText(200),
  role: z.enum(userRoles, { error: `must be one of ${userRoles.join(', ')}` }).default('customer'),
  organization: singleLineText(200).optional(),
});

/** `users:create --email E --name N [--role R] [--organization O]`: makes a user. */
export async function usersCreate(db: Db, args: Record<string, string | undefined>, out: CliOutput): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success)
    throw CliUsageError.fromZod(
      parsed.error,
      'users:create --email E --name N [--role admin|manager|agent|customer] [--organization NAME]',
    );
  const { email, name, role, organization } = parsed.data;
  let organizationId: number | null = null;
  if (organization) {
    const org = await findOrganizationByName(db, organization);
    if (!org) throw new CliUsageError(`--organization: no organization named "${organization}"`);
    organizationId = org.id;
  }
  const user = await insertUser(db, { email, name, role, organizationId });
  out.result(`created ${user.role} #${user.id} ${user.name} <${user.email}>`);
}
