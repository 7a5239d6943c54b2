import type { Db } from '../../db/connection.js';
import { listActiveEscalationRules } from '../../db/escalation-rules.js';
import type { EscalationTrigger } from '../../domain/escalation-rules.js';

/**
 * Makes the activity that lists the escalation levels a trigger starts (active rules for it, with
 * their delays). Whether each still applies is decided again when its time comes.
 */
export function makePlanEscalations(db: Db) {
  return async function planEscalations(input: {
    ticketId: number;
    trigger: EscalationTrigger;
  }): Promise<{ ruleId: number; level: number; delaySeconds: number }[]> {
    return (await listActiveEscalationRules(db, input.trigger)).map((r) => ({
      ruleId: r.id,
      level: r.level,
      delaySeconds: r.delaySeconds,
    }));
  };
}
