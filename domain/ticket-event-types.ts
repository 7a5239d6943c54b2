/** Who or what caused an audit event. */
export const eventSources = ['api', 'portal', 'back_office', 'workflow', 'cli', 'system', 'seed', 'guest', 'email'] as const;

/** The origin of a change, recorded in the audit trail. */
export type EventSource = (typeof eventSources)[number];

/** Who asked for a change: a user (null for the system) through a channel. */
export interface Actor {
  userId: number | null;
  source: EventSource;
}
