import type { Knex } from 'knex';

/** A customer organization. */
export interface Organization {
  id: number;
  name: string;
  domain: string | null;
  sharesTickets: boolean;
}

interface OrganizationRow {
  id: number;
  name: string;
  domain: string | null;
  shares_tickets: boolean;
}

const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  name: r.name,
  domain: r.domain,
  sharesTickets: r.shares_tickets,
});

/** Finds an organization by its exact name. */
export async function findOrganizationByName(db: Knex, name: string): Promise<Organization | null> {
  const row = await db('organizations').where({ name }).first();
  return row ? toOrganization(row) : null;
}
