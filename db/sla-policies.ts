import type { Knex } from 'knex';
import type { BusinessCalendar } from '../domain/business-calendar.js';
import type { SlaPolicy } from '../domain/sla-policy.js';

/** A business calendar with its identity. */
export interface StoredCalendar {
  id: number;
  name: string;
  calendar: BusinessCalendar;
}

interface SlaPolicyRow {
  id: number;
  name: string;
  position: number;
  active: boolean;
  conditions: SlaPolicy['conditions'] | null;
  first_response_target_seconds: number;
  resolution_target_seconds: number;
  calendar_id: number;
  pause_statuses: SlaPolicy['pauseStatuses'] | null;
  warning_thresholds: number[] | null;
}

const toPolicy = (r: SlaPolicyRow): SlaPolicy => ({
  id: r.id,
  name: r.name,
  position: r.position,
  active: r.active,
  conditions: r.conditions ?? {},
  firstResponseTargetSeconds: r.first_response_target_seconds,
  resolutionTargetSeconds: r.resolution_target_seconds,
  calendarId: r.calendar_id,
  pauseStatuses: r.pause_statuses ?? [],
  warningThresholds: r.warning_thresholds ?? [],
});

/** Active SLA policies in the order they are tried. */
export async function listActiveSlaPolicies(db: Knex): Promise<SlaPolicy[]> {
  return (
    await db('sla_policies')
      .where({ active: true })
      .orderBy([{ column: 'position' }, { column: 'id' }])
  ).map(toPolicy);
}

/** Finds a business calendar by id. */
export async function findBusinessCalendar(db: Knex, id: number): Promise<StoredCalendar | null> {
  const row = await db('business_calendars').where({ id }).first();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    calendar: { timezone: row.timezone, weeklyHours: row.weekly_hours, holidays: row.holidays ?? [] },
  };
}

/** Ids of policies that use a calendar (to tell their tickets when it changes). */
export async function listPolicyIdsUsingCalendar(db: Knex, calendarId: number): Promise<number[]> {
  return db('sla_policies').where({ calendar_id: calendarId }).pluck('id');
}
