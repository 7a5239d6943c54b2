import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TicketStatus } from '../../../domain/ticket-status.js';
import type { Ticket } from '../../../domain/ticket.js';
import { describeError } from '../api/api-error.js';
import { listTickets } from '../api/tickets-api.js';

/** The list's filters: statuses (none = all) and a search text. */
export interface TicketFilters {
  statuses: TicketStatus[];
  q: string;
}

const pageSize = 25;

/** The caller's tickets: filters, search and cursor pagination ("Load more"). */
export const useTicketListStore = defineStore('ticket-list', () => {
  const items = ref<Ticket[]>([]);
  const filters = ref<TicketFilters>({ statuses: [], q: '' });
  const nextCursor = ref<string | null>(null);
  const state = ref<'idle' | 'loading' | 'loading-more' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  let inFlight: AbortController | null = null;

  function startRequest(): AbortSignal {
    inFlight?.abort(); // a newer search wins over an older, slower one
    inFlight = new AbortController();
    return inFlight.signal;
  }

  /** Loads the first page for the given filters (or the current ones). */
  async function load(next: Partial<TicketFilters> = {}): Promise<void> {
    filters.value = { statuses: [...(next.statuses ?? filters.value.statuses)], q: next.q ?? filters.value.q };
    const signal = startRequest();
    state.value = 'loading';
    error.value = null;
    try {
      const page = await listTickets({ ...filters.value, limit: pageSize, cursor: null }, signal);
      if (signal.aborted) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      state.value = 'ready';
    } catch (e) {
      if (signal.aborted) return;
      error.value = describeError(e);
      state.value = 'error';
    }
  }

  /** Appends the next page, if there is one. */
  async function loadMore(): Promise<void> {
    if (nextCursor.value === null || state.value === 'loading' || state.value === 'loading-more') return;
    const signal = startRequest();
    state.value = 'loading-more';
    error.value = null;
    try {
      const page = await listTickets({ ...filters.value, limit: pageSize, cursor: nextCursor.value }, signal);
      if (signal.aborted) return;
      const seen = new Set(items.value.map((t) => t.id));
      items.value = [...items.value, ...page.items.filter((t) => !seen.has(t.id))];
      nextCursor.value = page.nextCursor;
      state.value = 'ready';
    } catch (e) {
      if (signal.aborted) return;
      error.value = describeError(e);
      state.value = 'error';
    }
  }

  return { items, filters, nextCursor, state, error, load, loadMore };
});
