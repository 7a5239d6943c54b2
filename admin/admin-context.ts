import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { Db } from '../db/connection.js';
import type { TicketMessage } from '../domain/ticket.js';
import type { Actor } from '../domain/ticket-event-types.js';
import type { TicketWorkflows } from '../workflows/client.js';
import type { Tables } from './schema-tables.js';

/** What every resource file builds its options from. */
export interface AdminContext {
  db: Db;
  workflows: TicketWorkflows;
  tables: Tables;
  appSecretKey: Buffer | null;
  temporalUi: { url: string; namespace: string } | null;
  onMessageCreated(message: TicketMessage): void;
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
