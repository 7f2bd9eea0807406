// Figures in the shape of `hotline stats --json` for bulletin tests: a month like the 平舆 sample
// (seed 002), so the drafted text and the pages can be compared with the real bulletin.
import type { BaseFigures, Rates, StatsReport, StatsRow } from '../../electron/services/bulletin/figures';

const ZERO: BaseFigures = {
  received: 0, replied: 0, repliedOnTime: 0, closed: 0, closedOnTime: 0, closedLate: 0, overdueOpen: 0, overdue: 0, extended: 0,
  reworked: 0, returned: 0, returnedLate: 0, alerts: 0, resultAsked: 0, resultSatisfied: 0, unsatisfied: 0, resolvedAsked: 0,
  resolved: 0, unresolved: 0, processAsked: 0, processSatisfied: 0,
};

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 100 : null);

function ratesOf(f: BaseFigures): Rates {
  return {
    resultRate: rate(f.resultSatisfied, f.resultAsked),
    processRate: rate(f.processSatisfied, f.processAsked),
    resolvedRate: rate(f.resolved, f.resolvedAsked),
    closedOnTimeRate: rate(f.closedOnTime, f.received),
  };
}

/** A unit row from the few numbers a bulletin prints. */
export function unitRow(unit: string, kind: 'town' | 'dept', f: Partial<BaseFigures> & { received: number }, extra: Partial<StatsRow> = {}): StatsRow {
  const closed = f.closed ?? f.received;
  const overdue = f.overdue ?? 0;
  const figures: BaseFigures = {
    ...ZERO,
    replied: closed,
    repliedOnTime: closed - overdue,
    closed,
    closedOnTime: closed - overdue,
    closedLate: overdue,
    ...f,
  };
  return {
    unit, kind, parent: null, ...figures, ...ratesOf(figures), bonus: null, penalty: null, score: null, rank: null,
    columns: [
      { key: 'received', label: '承办件数', value: figures.received },
      { key: 'overdue', label: '超期件数', value: figures.overdue },
      { key: 'reworked', label: '重办量', value: figures.reworked },
      { key: 'resultRate', label: '办理结果满意率', value: ratesOf(figures).resultRate },
      { key: 'processRate', label: '服务过程满意率', value: ratesOf(figures).processRate },
    ],
    late: [],
    ...extra,
  };
}

function sum(rows: StatsRow[]): BaseFigures {
  const t = { ...ZERO };
  for (const r of rows) for (const k of Object.keys(ZERO) as (keyof BaseFigures)[]) t[k] += r[k];
  return t;
}

/** 平舆-like October: a few departments and towns, three with late orders. */
export function sampleReport(): StatsReport {
  const rows: StatsRow[] = [
    unitRow('医保局', 'dept', { received: 68, resultAsked: 23, resultSatisfied: 22, processAsked: 23, processSatisfied: 18 }),
    unitRow('教育局', 'dept', { received: 71, resultAsked: 23, resultSatisfied: 22, processAsked: 23, processSatisfied: 22 }),
    unitRow('人社局', 'dept', { received: 63, resultAsked: 30, resultSatisfied: 27, processAsked: 30, processSatisfied: 23 }),
    unitRow('城管局', 'dept', { received: 312, overdue: 20, resultAsked: 34, resultSatisfied: 27, processAsked: 34, processSatisfied: 22 }, { late: [{ orderNo: '231029121148565151', daysLate: 1 }] }),
    unitRow('联通公司', 'dept', { received: 36, overdue: 6, reworked: 2, resultAsked: 8, resultSatisfied: 3, processAsked: 8, processSatisfied: 3 }, { late: [{ orderNo: '231007102349106144', daysLate: 9 }] }),
    unitRow('消防大队', 'dept', { received: 7, resultAsked: 1, resultSatisfied: 1, processAsked: 1, processSatisfied: 0 }),
    unitRow('应急管理局', 'dept', { received: 3 }),
    unitRow('射桥镇', 'town', { received: 8, resultAsked: 2, resultSatisfied: 2, processAsked: 2, processSatisfied: 2 }),
    unitRow('辛店乡', 'town', { received: 37, resultAsked: 11, resultSatisfied: 10, processAsked: 11, processSatisfied: 8 }),
    unitRow('郭楼街道', 'town', { received: 49, overdue: 15, reworked: 2, resultAsked: 20, resultSatisfied: 6, processAsked: 20, processSatisfied: 5 }, { late: [{ orderNo: '231017133934871333', daysLate: 11 }] }),
    unitRow('万冢镇', 'town', { received: 42, resultAsked: 7, resultSatisfied: 5, processAsked: 7, processSatisfied: 3 }),
  ];
  const totals = sum(rows);
  totals.received = 2349;
  const shares = (pairs: [string, number][]) => pairs.map(([name, count]) => ({ name, count, share: Math.round((count / 2349) * 10000) / 100 }));
  return {
    period: { from: '2023-10-01 00:00:00', to: '2023-10-31 23:59:59' },
    asOf: '2023-11-06 09:00:00',
    scheme: { id: 'satisfaction', name: '满意率' },
    rows,
    totals: { ...totals, ...ratesOf(totals), resultRate: 71.06, processRate: 60.42 },
    breakdowns: {
      category: shares([['城市综合类', 699], ['城乡建设类', 376], ['经济综合类', 352], ['社会事业类', 287], ['农业农村类', 284]]),
      appealType: shares([['投诉', 1200], ['咨询', 800], ['求助', 349]]),
      channel: shares([['电话', 2000], ['网站', 349]]),
      handling: shares([['转办', 2100], ['直接答复', 240], ['转外地', 9]]),
      month: shares([['2023-10', 2349]]),
    },
    compare: {
      previous: { period: { from: '2023-09-01 00:00:00', to: '2023-09-30 23:59:59' }, totals: { ...totals, ...ratesOf(totals) }, resultRateDelta: 3.1, processRateDelta: 6.61, receivedChange: -2.2 },
      lastYear: { period: { from: '2022-10-01 00:00:00', to: '2022-10-31 23:59:59' }, totals: { ...totals, ...ratesOf(totals) }, resultRateDelta: -14.05, processRateDelta: -12.81, receivedChange: 12.5 },
    },
  };
}
