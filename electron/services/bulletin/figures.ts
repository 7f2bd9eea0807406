// The figures a bulletin is drafted from: the shape of `hotline stats --json` (issue 5's fixed
// contract). The drafting code reads only this interface, so the statistics service plugs in
// through statsReportOf below and tests can hand in figures directly.

export interface BaseFigures {
  received: number;
  replied: number;
  repliedOnTime: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  overdueOpen: number;
  overdue: number;
  extended: number;
  reworked: number;
  returned: number;
  returnedLate: number;
  alerts: number;
  resultAsked: number;
  resultSatisfied: number;
  unsatisfied: number;
  resolvedAsked: number;
  resolved: number;
  unresolved: number;
  processAsked: number;
  processSatisfied: number;
}

export interface Rates {
  resultRate: number | null;
  processRate: number | null;
  resolvedRate: number | null;
  closedOnTimeRate: number | null;
}

export interface StatsColumn {
  key: string;
  label: string;
  value: string | number | null;
}

export interface StatsRow extends BaseFigures, Rates {
  unit: string;
  kind: 'town' | 'dept';
  parent: string | null;
  bonus: number | null;
  penalty: number | null;
  score: number | null;
  rank: number | null;
  columns: StatsColumn[];
  late: { orderNo: string; daysLate: number; open?: boolean }[];
}

export interface Share {
  name: string;
  count: number;
  /** Percent of the period's orders (null when the period has none). */
  share: number | null;
}

export interface Comparison {
  period: { from: string; to: string };
  /** Only what is compared (the statistics count no more of the other period). */
  totals: Pick<BaseFigures & Rates, 'received' | 'resultAsked' | 'resultSatisfied' | 'processAsked' | 'processSatisfied' | 'resultRate' | 'processRate'>;
  resultRateDelta: number | null;
  processRateDelta: number | null;
  receivedChange: number | null;
}

export interface StatsReport {
  period: { from: string; to: string };
  asOf: string;
  scheme: { id: string; name: string };
  rows: StatsRow[];
  totals: BaseFigures & Rates;
  breakdowns: { category: Share[]; appealType: Share[]; channel: Share[]; handling: Share[]; month: Share[] };
  compare: { previous: Comparison | null; lastYear: Comparison | null };
}

export interface StatsQuery {
  period: string;
  scheme: string;
  asOf?: string;
  channels?: string[];
}

/** Computes the statistics of a period with the statistics service of issue 5. */
export type StatsSource = (query: StatsQuery) => StatsReport;

export const BASE_FIGURE_KEYS: readonly (keyof BaseFigures)[] = [
  'received', 'replied', 'repliedOnTime', 'closed', 'closedOnTime', 'closedLate', 'overdueOpen', 'overdue', 'extended',
  'reworked', 'returned', 'returnedLate', 'alerts', 'resultAsked', 'resultSatisfied', 'unsatisfied', 'resolvedAsked',
  'resolved', 'unresolved', 'processAsked', 'processSatisfied',
];

/** Percent with two decimals, trailing zeros dropped as the samples print them: 96.97%, 100%. */
export function percentText(rate: number | null, whenNone = '未抽访'): string {
  if (rate == null || !Number.isFinite(rate)) return whenNone;
  return `${Number(rate.toFixed(2))}%`;
}

/** The rate as a percentage (two decimals), null when nothing was counted. */
export function ratePercent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : null;
}
