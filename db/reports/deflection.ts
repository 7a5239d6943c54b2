import type { Knex } from 'knex';
import type { ReportRange } from '../../domain/report-range.js';
import type { DeflectionReport } from '../../domain/report-schemas.js';
import { rangeBindings, rateOf, streamRows, type ReportRow } from './report-sql.js';

// Visits of the new-ticket forms (sessions) in which suggested articles were shown, opened and
// "solved my problem". No ticket and so no team: the team filter does not apply here.
const sessions = `count(distinct d.session_id) filter (where d.type = 'shown')::int as shown,
  count(distinct d.session_id) filter (where d.type = 'opened')::int as opened,
  count(distinct d.session_id) filter (where d.type = 'solved')::int as solved`;
const inDays = 'd.created_at >= :start and d.created_at < :end';

/** The deflection rate (visits ended by an article / visits with suggestions shown), by channel and by article. */
export async function readDeflection(db: Knex, range: ReportRange): Promise<DeflectionReport> {
  const bindings = rangeBindings(range);
  const [{ rows: channels }, { rows: articles }] = await Promise.all([
    db.raw(
      `/* report:deflection */ select grouping(d.channel) as g_channel, d.channel, ${sessions}
       from kb_deflection_events d where ${inDays} group by grouping sets ((d.channel), ())`,
      bindings,
    ),
    db.raw(
      `/* report:deflection articles */ select a.id, a.title, a.slug, ${sessions}
       from kb_deflection_events d join kb_articles a on a.id = d.article_id
       where ${inDays} group by a.id order by solved desc, shown desc, a.id limit 100`,
      bindings,
    ),
  ]);
  const total = channels.find((r: ReportRow) => r.g_channel) ?? { shown: 0, opened: 0, solved: 0 };
  const figures = (r: ReportRow) => ({ shown: r.shown, opened: r.opened, solved: r.solved });
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone, teamId: range.teamId },
    sessions: { ...figures(total), rate: rateOf(total.solved, total.shown) },
    byChannel: channels
      .filter((r: ReportRow) => !r.g_channel)
      .map((r: ReportRow) => ({ channel: r.channel, ...figures(r), rate: rateOf(r.solved, r.shown) })),
    byArticle: articles.map((r: ReportRow) => ({
      articleId: r.id,
      title: r.title,
      slug: r.slug,
      ...figures(r),
    })),
  };
}

/** The CSV: per article, the visits it was shown, opened and solved in. */
export async function* deflectionCsv(db: Knex, range: ReportRange): AsyncIterable<unknown[][]> {
  yield [['article', 'slug', 'shown', 'opened', 'solved']];
  const sql = `/* report:deflection.csv */ select a.title, a.slug, ${sessions}
    from kb_deflection_events d join kb_articles a on a.id = d.article_id
    where ${inDays} group by a.id order by a.id`;
  for await (const batch of streamRows<ReportRow>(db, sql, rangeBindings(range)))
    yield batch.map((r) => [r.title, r.slug, r.shown, r.opened, r.solved]);
}
