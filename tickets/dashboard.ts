import type { Db } from '../db/connection.js';
import { readDashboardFigures, type DashboardFigures } from '../db/dashboard-figures.js';
import { listMentionNotices, type MentionNotice } from '../db/notifications.js';

/** The back office dashboard's ticket figures (open work, SLA compliance, breaches, agent load) for the last `weeks` weeks. */
export function ticketDashboard(db: Db, weeks: number): Promise<DashboardFigures> {
  return readDashboardFigures(db, { weeks });
}

/** The staff member's latest mentions in internal notes, newest first: their in-app inbox on the dashboard. */
export function mentionsOf(db: Db, userId: number | null): Promise<MentionNotice[]> {
  return userId === null ? Promise.resolve([]) : listMentionNotices(db, userId);
}
