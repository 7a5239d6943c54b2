import type { Db } from '../../db/connection.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import type { Mailer } from '../../notify/mailer.js';
import { makeChooseAssignment } from './choose-assignment.js';
import { makeDeliverNotifications } from './deliver-notifications.js';
import { makeEvaluateEscalation } from './evaluate-escalation.js';
import { makePersistTicketChange } from './persist-ticket-change.js';
import { makePlanEscalations } from './plan-escalations.js';
import { makePlanSla } from './plan-sla.js';
import { makeRecordWorkflowStarted } from './record-workflow-started.js';

/** What the activities need from the outside world. */
export interface ActivityDependencies {
  db: Db;
  mailer: Mailer | null;
  publisher: InAppPublisher | null;
  appSecretKey: Buffer | null;
  publicUrl: string;
  /** Resolved tickets close after this long without a customer reply. */
  autoCloseSeconds: number;
}

/** Builds every activity of the ticket workflows around their dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return {
    recordWorkflowStarted: makeRecordWorkflowStarted(deps.db),
    planSla: makePlanSla(deps.db),
    chooseAssignment: makeChooseAssignment(deps.db),
    persistTicketChange: makePersistTicketChange(deps.db, deps.publisher),
    planEscalations: makePlanEscalations(deps.db),
    evaluateEscalation: makeEvaluateEscalation(deps.db),
    deliverNotifications: makeDeliverNotifications(deps),
    /** Settings read when they are needed, so a change applies to running tickets. */
    loadLifecycleSettings: async () => ({ autoCloseSeconds: deps.autoCloseSeconds }),
  };
}

/** The activity interface workflow code proxies (imported there with `import type` only). */
export type TicketActivities = ReturnType<typeof createActivities>;
