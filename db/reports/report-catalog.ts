import type { Knex } from 'knex';
import type { z } from 'zod';
import type { ReportRange } from '../../domain/report-range.js';
import {
  backlogAgeReport,
  csatReport,
  deflectionReport,
  reopenRateReport,
  responseTimesReport,
  slaComplianceReport,
  ticketVolumeReport,
} from '../../domain/report-schemas.js';
import { backlogAgeCsv, readBacklogAge } from './backlog-age.js';
import { csatCsv, readCsat } from './csat.js';
import { deflectionCsv, readDeflection } from './deflection.js';
import { readReopenRate, reopenRateCsv } from './reopen-rate.js';
import { readResponseTimes, responseTimesCsv } from './response-times.js';
import { readSlaCompliance, slaComplianceCsv } from './sla-compliance.js';
import { readTicketVolume, ticketVolumeCsv } from './ticket-volume.js';

/** One report: what it is, its figures as JSON, and its rows as CSV (streamed from the database). */
export interface ReportDefinition {
  title: string;
  description: string;
  schema: z.ZodType;
  read(db: Knex, range: ReportRange): Promise<unknown>;
  /** The header row, then the data rows, in batches. */
  csv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]>;
}

/**
 * Every report, by the name in its URL (`/api/reports/<name>` and `.csv`). A new report (the webhook
 * deliveries, once they exist) is one more module in db/reports/ and one more entry here.
 */
export const reportCatalog = {
  'ticket-volume': {
    title: 'Tickets created and solved',
    description: 'Per day, channel, team and priority, from the audit trail',
    schema: ticketVolumeReport,
    read: readTicketVolume,
    csv: ticketVolumeCsv,
  },
  'response-times': {
    title: 'First response and resolution times',
    description: 'Median and 90th percentile in business time on each ticket’s SLA calendar',
    schema: responseTimesReport,
    read: readResponseTimes,
    csv: responseTimesCsv,
  },
  'sla-compliance': {
    title: 'SLA compliance',
    description: 'Targets met and breached, by policy, team and agent',
    schema: slaComplianceReport,
    read: readSlaCompliance,
    csv: slaComplianceCsv,
  },
  'backlog-age': {
    title: 'Backlog age',
    description: 'Tickets open at the end of the range and how long they had been open',
    schema: backlogAgeReport,
    read: (db, range) => readBacklogAge(db, range),
    csv: (db, range) => backlogAgeCsv(db, range),
  },
  'reopen-rate': {
    title: 'Reopen rate',
    description: 'Tickets solved in the range that were reopened afterwards',
    schema: reopenRateReport,
    read: readReopenRate,
    csv: reopenRateCsv,
  },
  csat: {
    title: 'Customer satisfaction',
    description: 'Ratings: distribution, average, by agent and team, comments',
    schema: csatReport,
    read: readCsat,
    csv: csatCsv,
  },
  deflection: {
    title: 'Deflection',
    description: 'New-ticket form visits where a suggested article solved the problem (no ticket)',
    schema: deflectionReport,
    read: readDeflection,
    csv: deflectionCsv,
  },
} satisfies Record<string, ReportDefinition>;

/** A report's name. */
export type ReportName = keyof typeof reportCatalog;

/** Every report name, in the order the back office shows them. */
export const reportNames = Object.keys(reportCatalog) as ReportName[];
