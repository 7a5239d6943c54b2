import type { Knex } from 'knex';

/** A customer account as the back office offers it when staff raise a ticket for someone. */
export interface CustomerMatch {
  id: number;
  email: string;
  name: string;
  /** No account of their own yet: they follow tickets through e-mailed links. */
  guest: boolean;
  organizationName: string | null;
}

// `%` and `_` typed by staff are letters to look for, not LIKE wildcards.
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Active customers whose e-mail starts with, or whose name contains, `text`; a handful, best first. */
export async function findCustomersMatching(db: Knex, text: string, limit = 8): Promise<CustomerMatch[]> {
  const needle = text.trim().toLowerCase();
  if (needle.length < 2) return [];
  const rows: { id: number; email: string; name: string; guest: boolean; organization_name: string | null }[] =
    await db('users as u')
      .leftJoin('organizations as o', 'o.id', 'u.organization_id')
      .where({ 'u.role': 'customer', 'u.active': true })
      .where((q) =>
        q
          .whereRaw('lower(u.email) like ?', [`${likeText(needle)}%`])
          .orWhereRaw('lower(u.name) like ?', [`%${likeText(needle)}%`]),
      )
      .orderByRaw('lower(u.email) = ? desc, u.name', [needle])
      .limit(limit)
      .select('u.id', 'u.email', 'u.name', 'u.guest', 'o.name as organization_name');
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    guest: r.guest,
    organizationName: r.organization_name,
  }));
}
