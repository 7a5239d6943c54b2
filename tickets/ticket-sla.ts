import { findTicketById } from '../db/tickets.js';
import { remainingBusinessSeconds } from '../domain/sla-clock.js';
import type { SlaState, SlaTargetState } from '../domain/ticket.js';
import type { SlaSnapshot } from '../workflows/client.js';
import { notFound, ok, type Outcome } from './outcome.js';
import { findTicketAccess } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { throughWorkflow } from './through-workflow.js';

function targetState(snapshot: SlaSnapshot, target: 'firstResponse' | 'resolution', now: Date): SlaTargetState {
  const clock = snapshot.clock;
  const progress = clock?.[target];
  if (!clock || !progress) return { dueAt: null, remainingSeconds: null, metAt: null, breachedAt: null };
  return {
    dueAt: progress.dueAt,
    remainingSeconds: remainingBusinessSeconds(
      clock.calendar,
      progress,
      { consumedSeconds: clock.consumedSeconds, paused: snapshot.paused },
      now,
    ),
    metAt: progress.metAt,
    breachedAt: progress.breachedAt,
  };
}

// A ticket without a workflow (closed; or its workflow not started yet) shows its stored deadlines.
async function storedState(deps: Pick<TicketDeps, 'db'>, ticketId: number): Promise<SlaState> {
  const ticket = await findTicketById(deps.db, ticketId);
  const stored = (dueAt: string | null): SlaTargetState => ({
    dueAt,
    remainingSeconds: null,
    metAt: null,
    breachedAt: null,
  });
  return {
    policy: null,
    calendar: null,
    paused: true,
    breached: ticket?.sla.breached ?? false,
    firstResponse: stored(ticket?.sla.firstResponseDueAt ?? null),
    resolution: stored(ticket?.sla.resolutionDueAt ?? null),
    nextTimer: null,
  };
}

/** The live SLA state from the ticket's workflow, with the business time left computed now (domain/sla-clock.ts). */
export async function getTicketSla(deps: TicketDeps, ticketId: number, actor: TicketActor): Promise<Outcome<SlaState>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  return slaStateOf(deps, ticketId);
}

/** The SLA state of a ticket, without an access check (for the back office, whose staff see every ticket). */
export async function slaStateOf(deps: TicketDeps, ticketId: number): Promise<Outcome<SlaState>> {
  const queried = await throughWorkflow(deps.db, ticketId, () => deps.workflows.getSla(ticketId));
  if (queried.kind !== 'ok') return queried;
  const snapshot = queried.value;
  if (!snapshot) return ok(await storedState(deps, ticketId));
  const clock = snapshot.clock;
  const now = new Date();
  return ok({
    policy: clock ? { id: clock.policyId, name: clock.policyName } : null,
    calendar: clock ? { id: clock.calendarId, name: clock.calendarName, timezone: clock.calendar.timezone } : null,
    paused: snapshot.paused,
    breached: snapshot.breached,
    firstResponse: targetState(snapshot, 'firstResponse', now),
    resolution: targetState(snapshot, 'resolution', now),
    nextTimer: snapshot.nextTimer,
  });
}
