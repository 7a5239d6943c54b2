import type { Actor } from '../../domain/ticket-event-types.js';
import type { LifecycleState } from './state.js';

/** What the parts of a ticket workflow share: its state, its id, and a way to wake its main loop. */
export interface Lifecycle {
  state: LifecycleState;
  workflowId: string;
  /**
   * True for workflows started since writes are keyed by what they are (`startupFirstPatch`);
   * older ones keep their step counter, so their in-flight writes keep their keys.
   */
  keysByWhat: boolean;
  /** Tells the main loop that timers or queued notifications may have changed. */
  wake(): void;
}

/** The actor of decisions the workflow takes on its own (timers, escalations). */
export const systemActor: Actor = { userId: null, source: 'workflow' };

/** Workflow time as an ISO string (deterministic: `Date.now()` is replayed). */
export const isoNow = () => new Date(Date.now()).toISOString();
