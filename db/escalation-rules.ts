import type { Knex } from 'knex';
import type { EscalationRule, EscalationTrigger } from '../domain/escalation-rules.js';

interface EscalationRuleRow {
  id: number;
  name: string;
  trigger: EscalationTrigger;
  delay_seconds: number;
  level: number;
  active: boolean;
  conditions: EscalationRule['conditions'] | null;
  actions: EscalationRule['actions'] | null;
}

const toRule = (r: EscalationRuleRow): EscalationRule => ({
  id: r.id,
  name: r.name,
  trigger: r.trigger,
  delaySeconds: r.delay_seconds,
  level: r.level,
  active: r.active,
  conditions: r.conditions ?? {},
  actions: r.actions ?? [],
});

/** Active escalation rules, optionally for one trigger, by level. */
export async function listActiveEscalationRules(db: Knex, trigger?: EscalationTrigger): Promise<EscalationRule[]> {
  const q = db('escalation_rules')
    .where({ active: true })
    .orderBy([{ column: 'level' }, { column: 'id' }]);
  if (trigger) void q.where({ trigger });
  return (await q).map(toRule);
}

/** Finds an escalation rule as it is now (rules are read when evaluated). */
export async function findEscalationRule(db: Knex, id: number): Promise<EscalationRule | null> {
  const row = await db('escalation_rules').where({ id }).first();
  return row ? toRule(row) : null;
}
