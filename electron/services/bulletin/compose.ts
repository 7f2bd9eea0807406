// Composing a bulletin from the ledger: the statistics of the period (issue 5's service), the
// named late orders, typical contents per category, the template's header, the attachments.
import type { BulletinDocument, BulletinHeader, ChartKind } from '../../../shared/bulletin/model';
import { periodWords } from '../../../shared/bulletin/period';
import { AppError } from '../../../shared/result';
import { nowCst } from '../../../shared/time';
import type { Db } from '../../ledger/open';
import { computeStats } from '../stats/compute';
import { attachmentTables } from './attachments';
import { bulletinChart } from './charts';
import { draftBulletin, type Draft, type LateOrderDetail } from './draft';
import type { StatsQuery, StatsReport, StatsSource } from './figures';
import { bulletinTemplate, type BulletinTemplate } from './templates';

/** The statistics service of issue 5 behind the bulletin's figures interface. */
export function ledgerStats(db: Db): StatsSource {
  return (q: StatsQuery): StatsReport => computeStats(db, { period: q.period, schemeId: q.scheme, asOf: q.asOf, channels: q.channels });
}

interface LateRow { order_no: string; unit: string | null; received_at: string; due: string | null; replied_at: string | null; closed_at: string | null; urgency: string | null }

/** The late orders of the report with what a sentence about them needs. */
export function lateOrderDetails(db: Db, report: StatsReport, limit = 50): LateOrderDetail[] {
  const late = report.rows.flatMap((r) => r.late.map((l) => ({ ...l, unit: r.unit }))).sort((a, b) => b.daysLate - a.daysLate).slice(0, limit);
  if (late.length === 0) return [];
  const stmt = db.prepare(
    `SELECT o.order_no, u.name AS unit, o.received_at, COALESCE(o.effective_due_at, o.due_at) AS due, o.replied_at, o.closed_at, o.urgency
     FROM orders o LEFT JOIN units u ON u.id = o.unit_id WHERE o.order_no = ?`,
  );
  const out: LateOrderDetail[] = [];
  for (const l of late) {
    const r = stmt.get(l.orderNo) as LateRow | undefined;
    if (!r) continue;
    out.push({
      orderNo: r.order_no, unit: l.unit, receivedAt: r.received_at, dueAt: r.due,
      repliedAt: r.replied_at && r.replied_at <= report.asOf ? r.replied_at : null,
      closedAt: r.closed_at && r.closed_at <= report.asOf ? r.closed_at : null,
      urgent: /紧急|特急/.test(r.urgency ?? ''), daysLate: l.daysLate,
    });
  }
  return out;
}

/** The most frequent titles of each of the top categories: 主要反映……等问题. One pass over the
 * period's orders for all categories (three separate scans took a quarter of a draft on 1M orders). */
export function typicalContents(db: Db, report: StatsReport, categories: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of categories) out[c] = [];
  if (categories.length === 0) return out;
  const from = `${report.period.from.slice(0, 10)} 00:00:00`;
  const to = `${report.period.to.slice(0, 10)} 23:59:59`;
  const rows = db.prepare(
    `SELECT category, title, count(*) AS n FROM orders WHERE deleted = 0 AND received_at >= ? AND received_at <= ?
       AND category IN (${categories.map(() => '?').join(', ')}) AND title IS NOT NULL AND title <> ''
     GROUP BY category, title`,
  ).all(from, to, ...categories) as { category: string; title: string; n: number }[];
  rows.sort((a, b) => b.n - a.n || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  for (const r of rows) {
    const list = out[r.category];
    if (list.length < 3) list.push(r.title.replace(/[。，,.；;！!？?]+$/, '').slice(0, 20));
  }
  return out;
}

export interface ComposeInput {
  period: string;
  scheme: string;
  asOf?: string;
  channels?: string[];
  template: string;
  /** Header settings that override the template's (the office's remembered ones). */
  header?: Partial<BulletinHeader>;
  previouslyNamed?: string[];
  previouslyPraised?: string[];
  /** Charts to draw from this draft's figures (a regenerated draft passes its old ones: redrawn). */
  charts?: ChartSpec[];
}

export interface ChartSpec { kind: ChartKind; afterSection: string; title?: string }

export interface Composed {
  document: BulletinDocument;
  draft: Draft;
  report: StatsReport;
}

export function defaultHeader(t: BulletinTemplate, period: string, title: string, today: string): BulletinHeader {
  const year = Number(period.slice(0, 4)) || Number(today.slice(0, 4));
  return {
    ...t.header,
    docYear: year,
    docNumber: t.header.style === 'brief' ? null : 1,
    issueNo: t.header.style === 'brief' ? 1 : null,
    title,
    signDate: today,
    printDate: today,
  };
}

/** The words of a period the bulletin can name, or a validation error saying how to write one. */
function knownPeriodWords(period: string) {
  const words = periodWords(period);
  if (!words) throw new AppError('validation', `期间“${period}”无法识别，应如 2023-02、2024-Q1、2025-H1、2025 或 2025-03-01..2025-03-15`);
  return words;
}

/** Drafts a bulletin from the ledger's figures. */
export function composeBulletin(db: Db, input: ComposeInput, stats: StatsSource = ledgerStats(db)): Composed {
  const words = knownPeriodWords(input.period);
  const template = bulletinTemplate(input.template);
  const q = { period: input.period, scheme: input.scheme, asOf: input.asOf, channels: input.channels };
  const report = stats(q);
  const months = words.months.length > 1 ? words.months.map((month) => ({ month, report: stats({ ...q, period: month }) })) : [];
  const categories = report.breakdowns.category.slice(0, 3).map((c) => c.name);
  const draft = draftBulletin({
    period: input.period,
    report,
    months,
    late: lateOrderDetails(db, report),
    typical: typicalContents(db, report, categories),
    previouslyNamed: input.previouslyNamed ?? [],
    previouslyPraised: input.previouslyPraised ?? [],
    template,
  });
  const today = nowCst().slice(0, 10);
  const header: BulletinHeader = { ...defaultHeader(template, input.period, draft.title, today), ...input.header, title: draft.title };
  const attachmentTitle = `${words.full}各承办单位12345热线工单办理情况统计表`;
  // A chart the new figures cannot draw (a trend for a one-month period) is left out.
  const charts = (input.charts ?? []).flatMap((c) => { try { return [bulletinChart(c, report)]; } catch { return []; } });
  return { document: { header, sections: draft.sections, attachments: attachmentTables(report, attachmentTitle), charts }, draft, report };
}

/** One chart drawn from the figures of a draft's query: what 添加图表 adds to the document. */
export function chartForQuery(db: Db, input: { period: string; scheme: string; asOf?: string; channels?: string[] } & ChartSpec, stats: StatsSource = ledgerStats(db)) {
  knownPeriodWords(input.period);
  const report = stats({ period: input.period, scheme: input.scheme, asOf: input.asOf, channels: input.channels });
  return bulletinChart(input, report);
}
