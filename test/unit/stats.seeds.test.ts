// The five sample bulletins are the acceptance test: a ledger built from each sample's own table,
// run through its scheme, prints every row of that table. Where a sample contradicts its own
// arithmetic the fixture file says so and the test expects what the counts give.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { makeTempDir } from '../fixtures/makeLedger';
import { buildFixtureFile } from '../fixtures/seeds/build';
import { ningqiangRows, ningqiangSpec, NINGQIANG_AS_OF, NINGQIANG_CATEGORIES, NINGQIANG_MONTHS, NINGQIANG_PERIOD } from '../fixtures/seeds/ningqiang';
import { baishuiRows, baishuiSpec, BAISHUI_AS_OF, BAISHUI_PERIOD } from '../fixtures/seeds/baishui';
import { pingyuRows, pingyuSpec, PINGYU_AS_OF, PINGYU_CATEGORIES, PINGYU_PERIOD, PINGYU_UNREACHABLE } from '../fixtures/seeds/pingyu';
import { heshuiRows, heshuiSpec, HESHUI_AS_OF, HESHUI_CONTRADICTIONS, HESHUI_PERIOD } from '../fixtures/seeds/heshui';
import { jintaiMailboxRows, jintaiScoreRows, jintaiSpec, JINTAI_ALIASES, JINTAI_AS_OF, JINTAI_HOTLINE, JINTAI_PERIOD } from '../fixtures/seeds/jintai';
import { main } from '../../electron/cli';
import { formatCell, type StatsResult, type StatsRow } from '../../shared/contract/stats';

let dir: { dir: string; remove: () => void };
const files: Record<string, string> = {};

beforeAll(() => {
  dir = makeTempDir('hotline-seeds-');
  const specs = { ningqiang: ningqiangSpec, baishui: baishuiSpec, pingyu: pingyuSpec, heshui: heshuiSpec, jintai: jintaiSpec };
  for (const [name, spec] of Object.entries(specs)) {
    files[name] = path.join(dir.dir, `${name}.sqlite3`);
    buildFixtureFile(files[name], spec());
  }
}, 120_000);

afterAll(() => dir?.remove());

/** Runs `hotline stats … --json` in this process and parses what it printed. */
async function statsCli(file: string, ...args: string[]): Promise<StatsResult> {
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    const code = await main(['stats', '--db', file, ...args, '--json']);
    expect(code).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(printed) as StatsResult;
}

/** The printed cells of a row, as the table prints them. */
function printed(r: StatsResult, row: Pick<StatsRow, 'columns'>): string[] {
  return row.columns.map((c, i) => formatCell(r.columns[i], c.value));
}

function rowOf(r: StatsResult, unit: string): StatsRow {
  const row = r.rows.find((x) => x.unit === unit);
  if (!row) throw new Error(`no row for ${unit}`);
  return row;
}

describe('宁强 2025年上半年 (counts)', () => {
  it('prints every row of the table, groups in the sample order, and the 总计 row', async () => {
    const r = await statsCli(files.ningqiang, '--period', NINGQIANG_PERIOD, '--as-of', NINGQIANG_AS_OF, '--scheme', 'counts');
    const { rows, total } = ningqiangRows();
    expect(rows).toHaveLength(58);
    for (const s of rows) {
      const row = rowOf(r, s.unit);
      expect(row.kind).toBe(s.kind);
      expect([row.unit, ...printed(r, row)]).toEqual([s.unit, String(s.received), String(s.repliedOnTime), s.unsatisfied ? String(s.unsatisfied) : '', s.unresolved ? String(s.unresolved) : '']);
    }
    for (const kind of ['town', 'dept'] as const) {
      expect(r.rows.filter((x) => x.kind === kind).map((x) => x.unit)).toEqual(rows.filter((x) => x.kind === kind).map((x) => x.unit));
    }
    expect(r.rows.map((x) => x.kind).lastIndexOf('town')).toBeLessThan(r.rows.map((x) => x.kind).indexOf('dept'));
    const all = r.groups.find((g) => g.kind === 'all')!;
    expect(all.columns.map((c) => c.value)).toEqual(total);
    expect(total).toEqual([2499, 2499, 61, 116]);
  });

  it('reproduces the text: orders by month and by category, and the city sample 527/588 satisfied, 472/588 solved', async () => {
    const r = await statsCli(files.ningqiang, '--period', NINGQIANG_PERIOD, '--as-of', NINGQIANG_AS_OF, '--scheme', 'counts');
    expect(r.breakdowns.month.map((m) => m.count)).toEqual(NINGQIANG_MONTHS);
    expect(r.breakdowns.month.map((m) => m.name)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    const categories = Object.fromEntries(r.breakdowns.category.map((c) => [c.name, c.count]));
    expect(categories).toEqual(Object.fromEntries(NINGQIANG_CATEGORIES));
    expect(r.breakdowns.category[0]).toEqual({ name: '其他类', count: 1463, share: 58.54 });
    expect(r.totals).toMatchObject({ received: 2499, replied: 2499, repliedOnTime: 2499, resultAsked: 588, resultSatisfied: 527, unsatisfied: 61, resolved: 472, unresolved: 116 });
    expect(r.totals.resultRate).toBe(89.63);
    expect(r.totals.resolvedRate).toBe(80.27);
    expect(r.period).toMatchObject({ from: '2025-01-01', to: '2025-06-30', label: '2025年上半年' });
  });
});

describe('白水 2024年第一季度 (bonus-penalty)', () => {
  it('prints every row of both attachments, sub-units under their parent without a score', async () => {
    const r = await statsCli(files.baishui, '--period', BAISHUI_PERIOD, '--as-of', BAISHUI_AS_OF, '--scheme', 'bonus-penalty');
    const { rows } = baishuiRows();
    expect(rows.filter((x) => x.kind === 'town')).toHaveLength(8);
    expect(rows.filter((x) => x.parent)).toHaveLength(7);
    for (const s of rows) {
      const row = rowOf(r, s.unit);
      expect(row.parent).toBe(s.parent);
      const expected = [s.received, s.extended, s.reworked, s.overdue].map((n) => (n ? String(n) : ''));
      // 供销联社: 100 + 1.5 − 6 is 95.5; the sample prints 96.5 (and ranks it above 联通分公司's 95.8).
      const score = s.unit === '供销联社' ? '95.5' : s.score;
      expect([...printed(r, row)], s.unit).toEqual([...expected, s.bonus, s.penalty, score]);
      expect(row.score === null, s.unit).toBe(s.parent !== null);
    }
    const expectedOrder = rows.map((x) => x.unit);
    const at = expectedOrder.indexOf('供销联社');
    expectedOrder.splice(at, 1);
    expectedOrder.splice(expectedOrder.indexOf('联通分公司') + 1, 0, '供销联社');
    expect(r.rows.map((x) => x.unit)).toEqual(expectedOrder);
  });

  it('scores over the unit and its sub-units: 住建局 3.6+4.1−4−6 → 97.7, 人社局 capped at 100', async () => {
    const r = await statsCli(files.baishui, '--period', BAISHUI_PERIOD, '--as-of', BAISHUI_AS_OF, '--scheme', 'bonus-penalty');
    expect(rowOf(r, '住建局')).toMatchObject({ bonus: 3.6, penalty: 4, score: 97.7 });
    expect(rowOf(r, '房管所')).toMatchObject({ parent: '住建局', bonus: 4.1, penalty: 6, score: null, rank: null });
    expect(rowOf(r, '人社局').score).toBe(100);
    expect(rowOf(r, '应急管理局').score).toBe(96.7);
    expect(rowOf(r, '农业农村局').score).toBe(80);
    const towns = r.groups.find((g) => g.kind === 'town')!;
    const depts = r.groups.find((g) => g.kind === 'dept')!;
    const { totals } = baishuiRows();
    expect(towns.columns.slice(0, 4).map((c) => formatCell(r.columns[0], c.value))).toEqual([...totals.town, '', '', ''].slice(0, 4));
    expect(depts.columns.slice(0, 4).map((c) => c.value)).toEqual([1170, 3, 8, 6]);
    // 林皋镇's 2 and 市场局's 1 orders were still open on 4月19日, and not yet due.
    expect(rowOf(r, '林皋镇')).toMatchObject({ received: 59, closed: 57, overdueOpen: 0 });
    expect(rowOf(r, '市场局')).toMatchObject({ received: 95, closed: 94, overdueOpen: 0 });
  });
});

describe('平舆 2023年10月 (satisfaction)', () => {
  it('prints every row of both tables: 县直单位 first, 市级未抽访 where the city sampled none', async () => {
    const r = await statsCli(files.pingyu, '--period', PINGYU_PERIOD, '--as-of', PINGYU_AS_OF, '--scheme', 'satisfaction');
    const rows = pingyuRows();
    expect(rows).toHaveLength(49);
    for (const s of rows) {
      const row = rowOf(r, s.unit);
      const unreachable = PINGYU_UNREACHABLE[s.unit];
      const expected = [String(s.received), String(s.overdue), String(s.reworked), s.resultRate, s.processRate];
      if (unreachable) expected[unreachable.column === 'resultRate' ? 3 : 4] = `${unreachable.ours}%`;
      expect(printed(r, row), s.unit).toEqual(expected);
    }
    expect(r.rows.map((x) => x.unit)).toEqual(rows.map((x) => x.unit));
    expect(rowOf(r, '应急管理局')).toMatchObject({ resultAsked: 0, resultRate: null, processRate: null });
    expect(rowOf(r, '医保局').resultRate).toBe(97);
  });

  it('names the late orders of the text with their days late, and counts 2349 orders by category', async () => {
    const r = await statsCli(files.pingyu, '--period', PINGYU_PERIOD, '--as-of', PINGYU_AS_OF, '--scheme', 'satisfaction');
    expect(rowOf(r, '联通公司').late).toContainEqual({ orderNo: '231007102349106144', daysLate: 9, open: false });
    expect(rowOf(r, '郭楼街道').late).toContainEqual({ orderNo: '231017133934871333', daysLate: 11, open: false });
    expect(rowOf(r, '城管局').late).toContainEqual({ orderNo: '231029121148565151', daysLate: 1, open: false });
    expect(rowOf(r, '城管局').late).toHaveLength(20);
    expect(r.totals.received).toBe(2349);
    expect(Object.fromEntries(r.breakdowns.category.map((c) => [c.name, c.count]))).toEqual(Object.fromEntries(PINGYU_CATEGORIES));
  });
});

describe('合水 2020年4月 (timely)', () => {
  it('prints every row of both attachments with the remarks naming each late order, and both 合计 rows', async () => {
    const r = await statsCli(files.heshui, '--period', HESHUI_PERIOD, '--as-of', HESHUI_AS_OF, '--scheme', 'timely');
    const { rows, totals } = heshuiRows();
    expect(rows).toHaveLength(20);
    for (const s of rows) {
      const row = rowOf(r, s.unit);
      const expected = [s.received, s.closedOnTime, s.closedLate, s.overdueOpen].map(String).concat([s.onTimeRate, s.resultRate, s.remark]);
      const contradiction = HESHUI_CONTRADICTIONS[s.unit];
      if (contradiction) expected[4] = contradiction.ours;
      expect(printed(r, row), s.unit).toEqual(expected);
      expect(row.late.map((l) => ({ orderNo: l.orderNo, daysLate: l.daysLate }))).toEqual(s.late);
    }
    expect(r.rows.map((x) => x.unit)).toEqual(rows.map((x) => x.unit));
    for (const kind of ['town', 'dept'] as const) {
      const g = r.groups.find((x) => x.kind === kind)!;
      expect(g.columns.slice(0, 6).map((c, i) => formatCell(r.columns[i], c.value))).toEqual(totals[kind]);
    }
    expect(rowOf(r, '板桥镇').columns.find((c) => c.key === 'remark')!.value).toBe('工单编号：DH202004080005\n超期15天办结');
  });

  it('counts the orders answered on the line and those sent elsewhere in the totals', async () => {
    const r = await statsCli(files.heshui, '--period', HESHUI_PERIOD, '--as-of', HESHUI_AS_OF, '--scheme', 'timely');
    expect(r.totals.received).toBe(232);
    expect(r.breakdowns.handling).toEqual([
      { name: '直接答复', count: 174, share: 75 },
      { name: '转办', count: 35, share: 15.09 },
      { name: '转外地', count: 23, share: 9.91 },
    ]);
  });
});

describe('金台 2023年2月 (weighted, ontime)', () => {
  it('prints every row of 附件1 with its rank; 区城市管理执法局 scores 96.80', async () => {
    const r = await statsCli(files.jintai, '--period', JINTAI_PERIOD, '--as-of', JINTAI_AS_OF, '--scheme', 'weighted', '--channel', JINTAI_HOTLINE);
    const rows = jintaiScoreRows();
    expect(rows).toHaveLength(35);
    expect(r.rows.map((x) => x.unit)).toEqual(rows.map((x) => x.unit));
    for (const s of rows) {
      const row = rowOf(r, s.unit);
      expect(row.rank).toBe(s.rank);
      const cells = printed(r, row);
      expect(cells[0], s.unit).toBe(String(s.received));
      expect(cells.slice(1), s.unit).toEqual(s.cells);
    }
    const cg = rowOf(r, '区城市管理执法局');
    expect(cg.score).toBe(96.8);
    expect(formatCell(r.columns.at(-1)!, cg.columns.at(-1)!.value)).toBe('96.80');
    expect(r.scheme).toEqual({ id: 'weighted', name: '百分制考评（金台）' });
    expect(r.channels).toEqual([JINTAI_HOTLINE]);
  });

  it('prints every row of 附件2 (the mailboxes, by the scheme\'s own channels)', async () => {
    const r = await statsCli(files.jintai, '--period', JINTAI_PERIOD, '--as-of', JINTAI_AS_OF, '--scheme', 'ontime');
    const rows = jintaiMailboxRows();
    expect(rows).toHaveLength(17);
    expect(r.rows.map((x) => x.unit)).toEqual(rows.map((x) => JINTAI_ALIASES[x.unit] ?? x.unit));
    for (const s of rows) {
      const row = rowOf(r, JINTAI_ALIASES[s.unit] ?? s.unit);
      expect(printed(r, row), s.unit).toEqual([s.received, s.closedOnTime, s.closed].map(String).concat(s.rate));
      expect(row.rank).toBe(s.serial);
    }
  });
});
