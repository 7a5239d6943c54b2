import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RatingInput } from '../../../domain/ticket-schemas.js';
import type { AttachmentRef, SlaState, Ticket, TicketDetail, TicketMessage } from '../../../domain/ticket.js';
import { ApiError, describeError } from '../api/api-error.js';
import { uploadAttachment, type UploadOptions } from '../api/attachment-upload.js';
import { getGuestTicket, postGuestMessage } from '../api/guest-api.js';
import {
  closeTicket,
  getTicket,
  getTicketEvents,
  getTicketSla,
  postTicketMessage,
  rateTicket,
  reopenTicket,
} from '../api/tickets-api.js';
import { buildStatusTimeline, stepsFromEvents, type StatusStep } from '../format/status-timeline.js';
import { useLiveStore } from './live-store.js';

/** How the page reaches its ticket: signed in by id, or through a guest link's token. */
export type TicketSource = { kind: 'customer'; id: number; staff?: boolean } | { kind: 'guest'; token: string };

/** The ticket on screen: its conversation, SLA, status history and live updates. */
export const useTicketDetailStore = defineStore('ticket-detail', () => {
  const live = useLiveStore();
  const ticket = ref<TicketDetail | null>(null);
  const state = ref<'idle' | 'loading' | 'ready' | 'not-found' | 'expired' | 'error'>('idle');
  const error = ref<string | null>(null);
  const sla = ref<SlaState | null>(null);
  /** `connecting` until the server confirms the subscription, `on` from then. */
  const liveState = ref<'off' | 'connecting' | 'on' | 'refused'>('off');
  const observed = ref<StatusStep[]>([]);
  const eventSteps = ref<StatusStep[] | null>(null);
  const source = shallowRef<TicketSource | null>(null);
  const timeline = computed(() =>
    ticket.value ? buildStatusTimeline(ticket.value, observed.value, eventSteps.value) : [],
  );
  let stopLive: (() => void) | null = null;
  let loadController: AbortController | null = null;

  function fetchDetail(from: TicketSource, signal: AbortSignal): Promise<TicketDetail> {
    return from.kind === 'guest' ? getGuestTicket(from.token, signal) : getTicket(from.id, signal);
  }

  async function loadExtras(from: TicketSource, signal: AbortSignal): Promise<void> {
    if (from.kind !== 'customer') return;
    const [slaResult, eventsResult] = await Promise.allSettled([
      getTicketSla(from.id, signal),
      from.staff ? getTicketEvents(from.id, signal) : Promise.reject(new Error('customer')),
    ]);
    if (signal.aborted) return;
    sla.value = slaResult.status === 'fulfilled' ? slaResult.value : null;
    // Customers get 403 on the audit trail; the timeline then comes from the ticket's own fields.
    eventSteps.value = eventsResult.status === 'fulfilled' ? stepsFromEvents(eventsResult.value) : null;
  }

  async function load(from: TicketSource): Promise<void> {
    loadController?.abort();
    const controller = (loadController = new AbortController());
    try {
      const detail = await fetchDetail(from, controller.signal);
      if (controller.signal.aborted) return; // a newer load (another ticket) owns the page now
      ticket.value = detail;
      state.value = 'ready';
      error.value = null;
    } catch (e) {
      if (controller.signal.aborted) return;
      const gone = e instanceof ApiError && (e.status === 404 || e.status === 410);
      state.value = gone ? (from.kind === 'guest' ? 'expired' : 'not-found') : 'error';
      error.value = describeError(e);
      return;
    }
    await loadExtras(from, controller.signal);
  }

  function applyTicket(update: Ticket): void {
    const current = ticket.value;
    if (!current || current.id !== update.id || update.version < current.version) return;
    if (update.status !== current.status)
      observed.value = [...observed.value, { status: update.status, at: update.updatedAt }];
    ticket.value = { ...current, ...update };
    const from = source.value;
    // The live SLA state is read from the workflow; it changes with status and priority, and when
    // the workflow first plans its deadlines (a new ticket's first update changes only those).
    const slaChanged =
      update.sla.firstResponseDueAt !== current.sla.firstResponseDueAt ||
      update.sla.resolutionDueAt !== current.sla.resolutionDueAt ||
      update.sla.breached !== current.sla.breached;
    if (
      from?.kind === 'customer' &&
      (update.status !== current.status || update.priority !== current.priority || slaChanged)
    ) {
      getTicketSla(from.id).then(
        (value) => (sla.value = value),
        () => undefined,
      );
    }
  }

  function applyMessage(message: TicketMessage): void {
    const current = ticket.value;
    // Internal notes never belong on the customer's page, whatever arrives.
    if (!current || message.ticketId !== current.id || message.internal) return;
    if (current.messages.some((m) => m.id === message.id)) return; // our own reply, echoed by the socket
    current.messages.push(message);
  }

  /** Shows a ticket: loads it and, for signed-in callers, follows it live. */
  async function open(from: TicketSource): Promise<void> {
    const previousStop = stopLive;
    source.value = from;
    ticket.value = null;
    sla.value = null;
    observed.value = [];
    eventSteps.value = null;
    state.value = 'loading';
    liveState.value = 'off';
    stopLive = null;
    if (from.kind === 'customer') {
      // Watch the new ticket before leaving the old one, so moving between tickets keeps the socket.
      stopLive = live.watchTicket(from.id, {
        onTicket: applyTicket,
        onMessage: applyMessage,
        onResync: () => void refresh(),
        onRefused: () => (liveState.value = 'refused'),
        onSubscribed: () => (liveState.value = 'on'),
      });
      // The subscription may have been confirmed at once (the tab's socket was already connected).
      if (liveState.value === 'off') liveState.value = 'connecting';
    }
    previousStop?.();
    await load(from);
  }

  /** Reloads the ticket (after a reconnect, or when asked). */
  async function refresh(): Promise<void> {
    if (source.value) await load(source.value);
  }

  /** Stops following the ticket; the page is leaving. */
  function leave(): void {
    stopLive?.();
    stopLive = null;
    loadController?.abort();
    source.value = null;
    ticket.value = null;
    state.value = 'idle';
    liveState.value = 'off';
  }

  function requireSource(): TicketSource {
    if (!source.value || !ticket.value) throw new Error('No ticket is open.');
    return source.value;
  }

  function requireCustomer(): number {
    const from = requireSource();
    if (from.kind !== 'customer') throw new Error('Only signed-in customers can do this.');
    return from.id;
  }

  /** Posts a public reply (once per `idempotencyKey`) and shows it at once. */
  async function reply(body: string, idempotencyKey: string): Promise<TicketMessage> {
    const from = requireSource();
    const message =
      from.kind === 'guest'
        ? await postGuestMessage(from.token, body, idempotencyKey)
        : await postTicketMessage(from.id, body, idempotencyKey);
    applyMessage({ ...message, attachments: message.attachments ?? [] });
    return message;
  }

  /** Uploads a file to the ticket (or one of its replies) and lists it. */
  async function attach(file: File, options: UploadOptions = {}): Promise<AttachmentRef> {
    const ref = await uploadAttachment(requireCustomer(), file, options);
    const current = ticket.value;
    const message = ref.messageId === null ? undefined : current?.messages.find((m) => m.id === ref.messageId);
    if (message) message.attachments = [...message.attachments.filter((a) => a.id !== ref.id), ref];
    else if (current) current.attachments = [...current.attachments.filter((a) => a.id !== ref.id), ref];
    return ref;
  }

  /** Closes the ticket. */
  async function close(idempotencyKey: string): Promise<void> {
    applyTicket(await closeTicket(requireCustomer(), idempotencyKey));
  }

  /** Reopens a resolved ticket. */
  async function reopen(idempotencyKey: string): Promise<void> {
    applyTicket(await reopenTicket(requireCustomer(), idempotencyKey));
  }

  /** Rates the resolution. */
  async function rate(input: RatingInput, idempotencyKey: string): Promise<void> {
    const answer = await rateTicket(requireCustomer(), input, idempotencyKey);
    if (ticket.value) {
      ticket.value.rating = {
        score: answer?.score ?? input.score,
        comment: answer?.comment ?? input.comment ?? null,
        createdAt: answer?.createdAt ?? new Date().toISOString(),
      };
    }
  }

  return { ticket, state, error, sla, liveState, timeline, open, refresh, leave, reply, attach, close, reopen, rate };
});
