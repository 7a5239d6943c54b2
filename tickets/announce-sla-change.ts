import type { Db } from '../db/connection.js';
import { listActiveSlaPolicies, listPolicyIdsUsingCalendar } from '../db/sla-policies.js';
import { insertOutboxEntries } from '../db/outbox.js';
import { listOpenTicketSlaFacts } from '../db/tickets.js';
import { selectSlaPolicy } from '../domain/sla-policy.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { createOutboxRelay, type RelayLogger } from '../workflows/outbox-relay.js';

/** What a manager changed. */
export type SlaConfigChange = { policyId: number } | { calendarId: number };

/**
 * Tells exactly the running tickets an SLA edit affects to recompute their deadlines: those on the
 * edited policy (or on a policy using the edited calendar), and those whose policy selection the
 * edit changes (conditions, order, activation). Other tickets are not touched. Returns how many
 * were told.
 */
export async function announceSlaConfigChange(
  db: Db,
  workflows: TicketWorkflows,
  change: SlaConfigChange,
  logger?: RelayLogger,
): Promise<number> {
  const edited = 'calendarId' in change ? await listPolicyIdsUsingCalendar(db, change.calendarId) : [change.policyId];
  const policies = await listActiveSlaPolicies(db);
  const affected = (await listOpenTicketSlaFacts(db))
    .filter(
      (t) =>
        (t.slaPolicyId !== null && edited.includes(t.slaPolicyId)) ||
        (selectSlaPolicy(policies, t)?.id ?? null) !== t.slaPolicyId,
    )
    .map((t) => t.id);
  // Through the outbox: a ticket Temporal cannot be told about now is told when it answers again.
  await insertOutboxEntries(
    db,
    affected.map((ticketId) => ({ topic: 'ticket.sla_config_changed', ticketId })),
  );
  const relay = createOutboxRelay(db, workflows, logger);
  await Promise.all(affected.map((id) => relay.relayTicket(id)));
  return affected.length;
}
