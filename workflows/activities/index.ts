import type { Db } from '../../db/connection.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import type { TicketMailOutbound } from '../../mail/ticket-mail-outbound.js';
import type { Mailer } from '../../notify/mailer.js';
import type { OutboundHttp } from '../../notify/outbound-http.js';
import { makeChooseAssignment } from './choose-assignment.js';
import { makeDeleteExpiredActivity } from './delete-expired-activity.js';
import { makeDeliverNotifications } from './deliver-notifications.js';
import { makeEvaluateEscalation } from './evaluate-escalation.js';
import { makeFindStaffReplyBy } from './find-staff-reply.js';
import { makePersistTicketChange } from './persist-ticket-change.js';
import { makePlanEscalations } from './plan-escalations.js';
import { makePlanSla } from './sla-plan-activity.js';
import { makeRecordWorkflowStarted } from './record-workflow-started.js';
import { makeWebhookActivities, type WebhookSettings } from './deliver-webhook.js';

/** What the activities need from the outside world. */
export interface ActivityDependencies {
  db: Db;
  mailer: Mailer | null;
  publisher: InAppPublisher | null;
  appSecretKey: Buffer | null;
  publicUrl: string;
  /** Resolved tickets close after this long without a customer reply. */
  autoCloseSeconds: number;
  /** How webhooks (Teams) are called: OUTBOUND_ALLOW_HOSTS; strict (https, public addresses) when omitted. */
  outboundHttp?: OutboundHttp;
  /** Ticket e-mail through the mail channel (threading headers, mailboxes' transports, suppressions). */
  ticketMail?: TicketMailOutbound | null;
  /** Outbound webhooks' retry and disabling (WEBHOOK_RETRY_INITIAL_SECONDS); a day of retries when omitted. */
  webhooks?: WebhookSettings;
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
    findStaffReplyBy: makeFindStaffReplyBy(deps.db),
    deliverNotifications: makeDeliverNotifications(deps),
    deleteExpiredActivity: makeDeleteExpiredActivity(deps.db),
    ...makeWebhookActivities(deps),
    /** Settings read when they are needed, so a change applies to running tickets. */
    loadLifecycleSettings: async () => ({ autoCloseSeconds: deps.autoCloseSeconds }),
  };
}

/** The activity interface workflow code proxies (imported there with `import type` only). */
export type TicketActivities = ReturnType<typeof createActivities>;
