import { activeStatuses } from './ticket-status.js';
import type { ViewFilters, ViewSort } from './ticket-views.js';

/** A built-in view: the same for everyone, defined here once. */
export interface BuiltInView {
  id: string;
  name: string;
  filters: ViewFilters;
  sort: ViewSort;
}

// Statuses whose SLA clock runs under the default policy: in pending and on_hold the clock is
// paused, so a deadline stored then does not come nearer and cannot breach.
const clockRunningStatuses = activeStatuses.filter((s) => s !== 'pending' && s !== 'on_hold');

/** The views every staff member has, in the order they are listed. */
export const builtInViews: readonly BuiltInView[] = [
  {
    id: 'my-open',
    name: 'My open tickets',
    filters: { assigneeId: 'me', status: [...activeStatuses] },
    sort: { by: 'slaDueAt', direction: 'asc' },
  },
  {
    id: 'unassigned-in-my-teams',
    name: 'Unassigned in my teams',
    filters: { assigneeId: 'none', teamId: 'mine', status: [...activeStatuses] },
    sort: { by: 'createdAt', direction: 'asc' },
  },
  {
    id: 'breaching-within-1h',
    name: 'Breaching within 1 hour',
    filters: { status: clockRunningStatuses, slaDueWithinMinutes: 60 },
    sort: { by: 'slaDueAt', direction: 'asc' },
  },
  {
    id: 'waiting-for-customer-3d',
    name: 'Waiting for customer > 3 days',
    filters: { status: ['pending'], idleDays: 3 },
    sort: { by: 'updatedAt', direction: 'asc' },
  },
  {
    id: 'all-open',
    name: 'All open',
    filters: { status: [...activeStatuses] },
    sort: { by: 'createdAt', direction: 'desc' },
  },
];

/** The built-in view with this id, or undefined. */
export function findBuiltInView(viewId: string): BuiltInView | undefined {
  return builtInViews.find((v) => v.id === viewId);
}

/** The saved view's number when `viewId` names one (built-in ids are not numbers). */
export function savedViewNumber(viewId: string): number | null {
  return /^\d{1,10}$/.test(viewId) && Number(viewId) <= 2_147_483_647 ? Number(viewId) : null;
}
