import { z } from 'zod';
import { ticketChannels } from './ticket-channels.js';
import { ticketPriorities } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';

// The reports' answers, defined once: the server documents them, the back office's report page reads
// them. Durations are business seconds on each ticket's SLA calendar (wall-clock for tickets without a
// policy). Team, agent, priority and channel are the ticket's current ones; when things happened comes
// from the audit trail (ticket_events).

const isoDateTime = z.iso.datetime();
const count = z.number().int();
const rate = z.number().nullable().describe('A fraction from 0 to 1; null when there is nothing to divide by');

/** The range a report covers, as resolved by the server. */
export const reportRangeResponse = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  teamId: z.number().int().nullable(),
});

const teamRef = { teamId: z.number().int().nullable(), team: z.string().nullable() };
const volume = { created: count, solved: count };

/** `GET /api/reports/ticket-volume`: tickets created and solved per day, channel, team and priority. */
export const ticketVolumeReport = z.object({
  range: reportRangeResponse,
  totals: z.object(volume),
  byDay: z.array(z.object({ day: z.string(), ...volume })),
  byChannel: z.array(z.object({ channel: z.enum(ticketChannels), ...volume })),
  byTeam: z.array(z.object({ ...teamRef, ...volume })),
  byPriority: z.array(z.object({ priority: z.enum(ticketPriorities), ...volume })),
});

/** Tickets created and solved. */
export type TicketVolumeReport = z.infer<typeof ticketVolumeReport>;

const durations = {
  count,
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
};
const durationBreakdown = z.object({
  overall: z.object(durations),
  byTeam: z.array(z.object({ ...teamRef, ...durations })),
  byPriority: z.array(z.object({ priority: z.enum(ticketPriorities), ...durations })),
});

/** `GET /api/reports/response-times`: first-response and resolution times in business time. */
export const responseTimesReport = z.object({
  range: reportRangeResponse,
  firstResponse: durationBreakdown.describe('Tickets whose first public staff reply came within the range'),
  resolution: durationBreakdown.describe('Tickets solved within the range, from creation to their last solve in it'),
});

/** First-response and resolution times. */
export type ResponseTimesReport = z.infer<typeof responseTimesReport>;

const outcome = z.object({ met: count, breached: count, rate });
const targets = { firstResponse: outcome, resolution: outcome };

/** `GET /api/reports/sla-compliance`: SLA targets met and breached, decided within the range. */
export const slaComplianceReport = z.object({
  range: reportRangeResponse,
  overall: z.object(targets),
  byPolicy: z.array(z.object({ policyId: z.number().int(), policy: z.string(), ...targets })),
  byTeam: z.array(z.object({ ...teamRef, ...targets })),
  byAgent: z.array(z.object({ agentId: z.number().int().nullable(), agent: z.string().nullable(), ...targets })),
});

/** SLA compliance. */
export type SlaComplianceReport = z.infer<typeof slaComplianceReport>;

/** How old open tickets are, in buckets. */
export const backlogAgeBuckets = ['under 1 day', '1–3 days', '3–7 days', '7–30 days', 'over 30 days'] as const;

/** `GET /api/reports/backlog-age`: tickets open at the end of the range (as the audit trail had them then). */
export const backlogAgeReport = z.object({
  range: reportRangeResponse,
  asOf: isoDateTime,
  total: count,
  medianAgeSeconds: z.number().nullable(),
  buckets: z.array(z.object({ bucket: z.enum(backlogAgeBuckets), count })),
  byStatus: z.array(z.object({ status: z.enum(ticketStatuses), count })),
  byTeam: z.array(z.object({ ...teamRef, count, medianAgeSeconds: z.number().nullable() })),
  byPriority: z.array(z.object({ priority: z.enum(ticketPriorities), count })),
});

/** The backlog and its age. */
export type BacklogAgeReport = z.infer<typeof backlogAgeReport>;

/** `GET /api/reports/reopen-rate`: tickets solved in the range that were reopened afterwards. */
export const reopenRateReport = z.object({
  range: reportRangeResponse,
  solved: count,
  reopened: count,
  rate,
  byTeam: z.array(z.object({ ...teamRef, solved: count, reopened: count, rate })),
});

/** The reopen rate. */
export type ReopenRateReport = z.infer<typeof reopenRateReport>;

const csatFigures = { count, average: z.number().nullable(), satisfiedRate: rate };

/** `GET /api/reports/csat`: customer satisfaction ratings given within the range. */
export const csatReport = z.object({
  range: reportRangeResponse,
  ...csatFigures,
  distribution: z.array(z.object({ score: z.number().int().min(1).max(5), count })),
  byAgent: z.array(z.object({ agentId: z.number().int().nullable(), agent: z.string().nullable(), ...csatFigures })),
  byTeam: z.array(z.object({ ...teamRef, ...csatFigures })),
  comments: z
    .array(
      z.object({
        ticketNumber: z.string(),
        score: z.number().int(),
        comment: z.string(),
        agent: z.string().nullable(),
        ratedAt: isoDateTime,
      }),
    )
    .describe('The latest 50 ratings with a comment'),
});

/** Customer satisfaction. */
export type CsatReport = z.infer<typeof csatReport>;

const deflectionFigures = { shown: count, opened: count, solved: count };

/** `GET /api/reports/deflection`: new-ticket form visits where suggested articles solved the problem. */
export const deflectionReport = z.object({
  range: reportRangeResponse,
  sessions: z
    .object({ ...deflectionFigures, rate })
    .describe(
      'Form visits with suggestions shown, an article opened, and "this solved my problem"; rate = solved / shown',
    ),
  byChannel: z.array(z.object({ channel: z.enum(['portal', 'guest']), ...deflectionFigures, rate })),
  byArticle: z.array(
    z.object({ articleId: z.number().int(), title: z.string(), slug: z.string(), ...deflectionFigures }),
  ),
});

/** Deflection by the help centre. */
export type DeflectionReport = z.infer<typeof deflectionReport>;
