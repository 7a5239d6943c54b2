import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Db } from '../db/connection.js';
import { isStaff } from '../domain/roles.js';
import type { Actor } from '../domain/ticket-event-types.js';
import type { TicketActor } from '../tickets/ticket-actor.js';
import type { TicketDeps } from '../tickets/ticket-deps.js';
import type { Tables } from './schema-tables.js';

/** The mailbox pollers as the back office sees them (implemented by workflows/mailbox-client.ts). */
export interface MailboxPollers {
  /** Starts the poller if it is not running and tells it the mailbox changed. */
  mailboxChanged(mailboxId: number): Promise<void>;
}

/** What every resource file builds its options from. */
export interface AdminContext {
  /** For configuration tables; tickets go through `tickets`. */
  db: Db;
  tickets: TicketDeps;
  tables: Tables;
  appSecretKey: Buffer | null;
  temporalUi: { url: string; namespace: string } | null;
  /** Where users reach TicketFlow: the mailboxes' Inbound Parse URLs start with it. */
  publicUrl: string;
  /** Starts and wakes mailbox pollers (a saved mailbox takes effect at once): workflows/mailbox-client.ts. */
  mailboxes: MailboxPollers;
  /** OUTBOUND_ALLOW_HOSTS: internal `host:port`s webhook URLs and IMAP/SMTP hosts may name on purpose. */
  outboundAllowHosts: readonly string[];
}

/** A resource file's export: the table and its options, given the context. */
export type ResourceFactory = (context: AdminContext) => ResourceWithOptions;

/** The audit actor for a change made by the signed-in staff member. */
export function backOfficeActor(currentAdmin: CurrentAdmin | undefined): Actor {
  return { userId: currentAdmin ? Number(currentAdmin.id) : null, source: 'back_office' };
}

/** The signed-in staff member's user id (the server lets nobody else in). */
export function adminUserId(currentAdmin: CurrentAdmin | undefined): number | null {
  return currentAdmin ? Number(currentAdmin.id) : null;
}

/** The signed-in staff member as ticket commands know them (the server lets only staff in). */
export function backOfficeTicketActor(currentAdmin: CurrentAdmin | undefined): TicketActor {
  const role = currentAdmin?.role as TicketActor['role'] | undefined;
  if (!currentAdmin || !role || !isStaff(role))
    throw new Error('The back office acts for a signed-in staff member only.');
  return { userId: Number(currentAdmin.id), role, organizationId: null, scopes: null, source: 'back_office' };
}
