import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { reportCatalog, reportNames } from '../../db/reports/report-catalog.js';
import { reportQuery, resolveReportRange } from '../../domain/report-range.js';
import { sendCsv } from '../reports/csv-stream.js';
import { parseInput } from './parse-input.js';
import { addRoute } from './route-registry.js';

const reportList = z.object({
  items: z.array(
    z.object({ name: z.string(), title: z.string(), description: z.string(), json: z.string(), csv: z.string() }),
  ),
});

/**
 * `/api/reports`: each report as JSON (`/api/reports/<name>`) and as CSV streamed from the database
 * (`/api/reports/<name>.csv`), over `from`–`to` (days in `timezone`) and optionally one team.
 */
export function reportsRouter(db: Db): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'get',
      path: '/reports',
      summary: 'The reports there are',
      permission: 'reports:read',
      responses: { 200: { description: 'Each report with its JSON and CSV addresses', schema: reportList } },
    },
    (_req, res) => {
      res.json({
        items: reportNames.map((name) => ({
          name,
          title: reportCatalog[name].title,
          description: reportCatalog[name].description,
          json: `/api/reports/${name}`,
          csv: `/api/reports/${name}.csv`,
        })),
      });
    },
  );

  for (const name of reportNames) {
    const report = reportCatalog[name];
    addRoute(
      router,
      {
        method: 'get',
        path: `/reports/${name}`,
        summary: `${report.title}: ${report.description}`,
        permission: 'reports:read',
        query: reportQuery,
        responses: { 200: { description: report.title, schema: report.schema } },
      },
      async (req, res) => {
        const range = resolveReportRange(parseInput(reportQuery, req.query, 'query'), new Date());
        res.set('Cache-Control', 'private, no-store').json(await report.read(db, range));
      },
    );
    addRoute(
      router,
      {
        method: 'get',
        path: `/reports/${name}.csv`,
        summary: `${report.title}, its rows as CSV (streamed)`,
        permission: 'reports:read',
        query: reportQuery,
        responses: { 200: { description: `${report.title} as CSV, a header row first`, mediaType: 'text/csv' } },
      },
      async (req, res) => {
        const range = resolveReportRange(parseInput(reportQuery, req.query, 'query'), new Date());
        await sendCsv(res, `${name}-${range.from}-${range.to}.csv`, report.csv(db, range));
      },
    );
  }
  return router;
}
