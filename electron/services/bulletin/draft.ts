// Drafting the bulletin's words from the figures, in the style of the sample bulletins.
// Every number in the text comes from the statistics report: nothing is typed twice.
// Pure: the caller gathers the report, the named late orders and the previous bulletin.
import type { BulletinSection } from '../../../shared/bulletin/model';
import { monthDay, monthWords, periodWords } from '../../../shared/bulletin/period';
import { percentText, type StatsReport, type StatsRow } from './figures';
import type { BulletinTemplate } from './templates';

/** A late order as the 存在问题 section names it. */
export interface LateOrderDetail {
  orderNo: string;
  unit: string;
  receivedAt: string;
  dueAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  urgent: boolean;
  daysLate: number;
}

export interface DraftInputs {
  period: string;
  report: StatsReport;
  /** One report per month for multi-month periods (month-by-month lines). */
  months: { month: string; report: StatsReport }[];
  late: LateOrderDetail[];
  /** Typical contents per category (the most frequent titles). */
  typical: Record<string, string[]>;
  /** Units named in the 存在问题 of the previous issued bulletin. */
  previouslyNamed: string[];
  previouslyPraised: string[];
  template: BulletinTemplate;
  /** How many late orders to name as sentences. */
  namedLateLimit?: number;
}

export interface Draft {
  title: string;
  sections: BulletinSection[];
  /** Units named for problems and praised: remembered to say 连续N期 next time. */
  namedUnits: string[];
  praisedUnits: string[];
}

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ORDINAL_IS = (i: number) => `${CN_NUM[i]}是`;

function changeText(change: number | null, noun = ''): string | null {
  if (change == null || !Number.isFinite(change)) return null;
  const v = Number(Math.abs(change).toFixed(2));
  if (v === 0) return `${noun}持平`;
  return `${noun}${change > 0 ? '增长' : '下降'}${v}%`;
}

function deltaText(delta: number | null): string | null {
  if (delta == null || !Number.isFinite(delta)) return null;
  const v = Number(Math.abs(delta).toFixed(2));
  if (v === 0) return '持平';
  return `${delta > 0 ? '上升' : '下降'}${v}个百分点`;
}

function shareOf(name: string, shares: { name: string; count: number }[]): number {
  return shares.find((s) => s.name === name)?.count ?? 0;
}

const joinNames = (names: string[]) => names.join('、');
const scoredRows = (rows: StatsRow[]) => rows.filter((r) => r.parent == null);

/** The units that deserve praise: no late, no rework, the best scores or satisfaction. */
export function praiseworthy(report: StatsReport, limit = 6): StatsRow[] {
  const rows = scoredRows(report.rows).filter((r) => r.received >= 3 && r.overdue === 0 && r.reworked === 0);
  const key = (r: StatsRow) => (r.score != null ? r.score : r.resultRate ?? (r.closedOnTimeRate ?? 0) - 1000);
  return rows
    .filter((r) => r.score != null || (r.resultRate ?? 0) >= 90 || (r.resultRate == null && (r.closedOnTimeRate ?? 0) >= 100))
    .sort((a, b) => key(b) - key(a) || b.received - a.received)
    .slice(0, limit);
}

function overviewParagraphs(inp: DraftInputs, words: { full: string; short: string }): string[] {
  const { report } = inp;
  const t = report.totals;
  const prev = report.compare.previous;
  const year = report.compare.lastYear;
  const handling = report.breakdowns.handling;
  const out: string[] = [];
  const s1: string[] = [`${words.full}，我县12345热线共受理群众诉求${t.received}件`];
  const changes = [changeText(prev?.receivedChange ?? null, '环比'), changeText(year?.receivedChange ?? null, '同比')].filter(Boolean);
  if (changes.length) s1[0] += `，${changes.join('，')}`;
  const direct = shareOf('直接答复', handling);
  const dispatched = shareOf('转办', handling);
  const away = shareOf('转外地', handling);
  if (direct || dispatched || away) {
    const towns = report.rows.filter((r) => r.kind === 'town').reduce((a, r) => a + r.received, 0);
    const depts = report.rows.filter((r) => r.kind === 'dept').reduce((a, r) => a + r.received, 0);
    const parts: string[] = [];
    if (direct) parts.push(`直接答复${direct}件`);
    if (dispatched) parts.push(`转办${dispatched}件（镇街${towns}件，部门${depts}件）`);
    if (away) parts.push(`转外地${away}件`);
    s1.push(`其中${parts.join('，')}`);
  }
  const asOf = monthDay(report.asOf);
  const closedRate = t.received ? percentText((t.closed / t.received) * 100) : '—';
  const s2 = [`截至${asOf}，办结${t.closed}件，办结率${closedRate}`];
  if (t.closedOnTimeRate != null) s2.push(`按期办结${t.closedOnTime}件，按期办结率${percentText(t.closedOnTimeRate)}`);
  const counts = [t.extended ? `延期${t.extended}件` : '', t.reworked ? `重办${t.reworked}件` : '', `逾期${t.overdue}件`].filter(Boolean);
  s2.push(counts.join('，'));
  let s3 = '';
  if (t.resultAsked > 0) {
    const r: string[] = [`回访${t.resultAsked}件，办理结果满意率${percentText(t.resultRate)}`];
    const d1 = [deltaText(year?.resultRateDelta ?? null), deltaText(prev?.resultRateDelta ?? null)];
    const dd = [d1[0] ? `同比${d1[0]}` : '', d1[1] ? `环比${d1[1]}` : ''].filter(Boolean);
    if (dd.length) r[0] += `（${dd.join('，')}）`;
    if (t.processAsked > 0) {
      let p = `服务过程满意率${percentText(t.processRate)}`;
      const pd = [deltaText(year?.processRateDelta ?? null), deltaText(prev?.processRateDelta ?? null)];
      const pdd = [pd[0] ? `同比${pd[0]}` : '', pd[1] ? `环比${pd[1]}` : ''].filter(Boolean);
      if (pdd.length) p += `（${pdd.join('，')}）`;
      r.push(p);
    }
    if (t.resolvedAsked > 0) r.push(`问题解决率${percentText(t.resolvedRate)}`);
    s3 = r.join('，');
  }
  out.push(`${s1.join('。')}。${s2.join('，')}。${s3 ? `${s3}。` : ''}`);

  for (const { month, report: mr } of inp.months) {
    const mt = mr.totals;
    const parts = [`受理${mt.received}件`];
    if (mt.received) parts.push(`办结率${percentText((mt.closed / mt.received) * 100)}`);
    if (mt.closedOnTimeRate != null) parts.push(`按期办结率${percentText(mt.closedOnTimeRate)}`);
    if (mt.resolvedAsked) parts.push(`解决率${percentText(mt.resolvedRate)}`);
    if (mt.resultAsked) parts.push(`满意率${percentText(mt.resultRate)}`);
    if (mt.overdue) parts.push(`逾期${mt.overdue}件`);
    out.push(`${monthWords(month).short}：${parts.join('，')}。`);
  }

  const busiest = scoredRows(report.rows).filter((r) => r.received > 0).sort((a, b) => b.received - a.received).slice(0, 4);
  if (busiest.length) out.push(`从承办数量看，工单量较多的是${busiest.map((r) => `${r.unit}（${r.received}件）`).join('、')}。`);
  const ranked = scoredRows(report.rows).filter((r) => r.score != null && r.rank != null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  if (ranked.length >= 3) out.push(`综合考评${joinNames(ranked.slice(0, 5).map((r) => r.unit))}排名靠前。`);
  return out;
}

function praiseParagraph(inp: DraftInputs, words: { short: string }): { text: string | null; units: string[] } {
  if (!inp.template.praise) return { text: null, units: [] };
  const best = praiseworthy(inp.report);
  if (best.length === 0) return { text: null, units: [] };
  const names = best.map((r) => r.unit);
  const again = names.filter((n) => inp.previouslyPraised.includes(n));
  const first = names.filter((n) => !inp.previouslyPraised.includes(n));
  let text = `在办理工作中，${joinNames(names)}等${names.length}个单位及时签收、主动联系、快速处置，${words.short}无逾期、无重办，群众诉求得到及时有效解决。`;
  if (again.length && first.length) text += `为此，对连续2期办理情况较好的${joinNames(again)}通报表扬；对${joinNames(first)}提出表扬。`;
  else if (again.length) text += `为此，对连续2期办理情况较好的${joinNames(again)}通报表扬。`;
  else text += `为此，对以上单位提出表扬。`;
  return { text, units: names };
}

function hotspotParagraphs(inp: DraftInputs, words: { short: string }): string[] {
  const cats = inp.report.breakdowns.category.filter((c) => c.name && c.count > 0).slice(0, 3);
  if (cats.length === 0) return [];
  const out = [`${words.short}群众通过热线反映的问题主要集中在以下${CN_NUM[cats.length - 1]}个方面：`];
  cats.forEach((c, i) => {
    const typical = (inp.typical[c.name] ?? []).slice(0, 3);
    const tail = typical.length ? `主要反映${joinNames(typical)}等问题。` : '';
    out.push(`（${CN_NUM[i]}）${c.name}：共受理${c.count}件，占比${percentText(c.share, '—')}。${tail}`);
  });
  return out;
}

/** 联通公司负责办理的10月7日231007102349106144号工单，应于10月10日前回复办理结果，但直到10月19日才回复办理结果 */
export function lateOrderSentence(o: LateOrderDetail, asOf: string): string {
  const head = `${o.unit}负责办理的${monthDay(o.receivedAt)}${o.orderNo}号工单`;
  const due = o.dueAt ? monthDay(o.dueAt) : null;
  const answered = o.closedAt ?? o.repliedAt;
  if (o.urgent) {
    const tail = answered ? `但${o.unit}于${monthDay(answered)}才回复办理结果，系统记录超期${o.daysLate}天` : `但截至${monthDay(asOf)}仍未办结`;
    return `${head}，此件为紧急件，要求${due ?? ''}办结，${tail}`;
  }
  if (answered) return `${head}，应于${due}前回复办理结果，但直到${monthDay(answered)}才回复办理结果，超期${o.daysLate}天`;
  return `${head}，应于${due}前办结，但截至${monthDay(asOf)}仍未办结，已超期${o.daysLate}天`;
}

function problemParagraphs(inp: DraftInputs): { paragraphs: string[]; named: string[] } {
  const { report } = inp;
  const rows = scoredRows(report.rows);
  const out: string[] = [];
  const named = new Set<string>();
  let n = 0;
  const push = (lead: string, body: string) => out.push(`${ORDINAL_IS(n++)}${lead}。${body}`);

  const lateUnits = rows.filter((r) => r.overdue > 0).sort((a, b) => b.overdue - a.overdue || b.received - a.received).slice(0, 5);
  if (lateUnits.length) {
    const list = lateUnits.map((r) => `${r.unit}承办${r.received}件，超期${r.overdue}件`).join('；');
    const picked = [...inp.late].sort((a, b) => b.daysLate - a.daysLate).slice(0, inp.namedLateLimit ?? 3);
    const sentences = picked.map((o) => lateOrderSentence(o, report.asOf));
    const examples = sentences.length ? `如，${sentences.join('；')}。` : '';
    push('超期现象依然存在', `${list}。${examples}`);
    lateUnits.forEach((r) => named.add(r.unit));
    for (const o of picked) named.add(o.unit);
    const slow = lateUnits.slice(0, 3).map((r) => r.unit);
    out.push(`${joinNames(slow)}对12345热线工作重要性认识不足，工作慢作为，不提醒不办，不催不办，不到最后时限不办，影响了我县整体办理时效。`);
  }

  const unsatisfied = rows
    .filter((r) => r.resultAsked >= 2 && r.resultRate != null && r.resultRate < 80)
    .sort((a, b) => (a.resultRate ?? 0) - (b.resultRate ?? 0))
    .slice(0, 3);
  if (unsatisfied.length) {
    push('办理结果满意率较低', `如，${unsatisfied.map((r) => `${r.unit}承办${r.received}件，办理结果满意率为${percentText(r.resultRate)}`).join('；')}。`);
    unsatisfied.forEach((r) => named.add(r.unit));
  }
  const process = rows
    .filter((r) => r.processAsked >= 1 && r.processRate != null && r.processRate < 70)
    .sort((a, b) => (a.processRate ?? 0) - (b.processRate ?? 0))
    .slice(0, 3);
  if (process.length) {
    push('服务过程满意率较低', `如，${process.map((r) => `${r.unit}承办${r.received}件，服务过程满意率为${percentText(r.processRate)}`).join('；')}。`);
    process.forEach((r) => named.add(r.unit));
  }
  const reworked = rows.filter((r) => r.reworked > 0).sort((a, b) => b.reworked - a.reworked).slice(0, 3);
  if (reworked.length) {
    push('办理不彻底，重办较多', `${reworked.map((r) => `${r.unit}重办${r.reworked}件`).join('，')}，部分单位只强调办理过程、无处理结果，把回复当办结，缺乏后期跟踪回访。`);
  }
  const lowScores = rows.filter((r) => r.score != null).sort((a, b) => (a.score ?? 0) - (b.score ?? 0)).slice(0, 3);
  if (lowScores.length >= 3 && (lowScores[0].score ?? 100) < 100) {
    push('综合得分靠后', `${lowScores.map((r) => `${r.unit}${r.score}分`).join('、')}，排名靠后。`);
    lowScores.forEach((r) => named.add(r.unit));
  }
  if (out.length === 0) out.push(`本期未发现逾期工单，各承办单位均能按期办结下派工单。`);
  const again = [...named].filter((u) => inp.previouslyNamed.includes(u));
  if (again.length) out.push(`其中，${joinNames(again)}已连续2期被通报，请单位主要负责同志高度重视，认真分析原因，切实抓好整改。`);
  return { paragraphs: out, named: [...named] };
}

/** The drafted sections of a bulletin, headings numbered in order. */
export function draftBulletin(inp: DraftInputs): Draft {
  const words = periodWords(inp.period) ?? { full: inp.period, short: inp.period, months: [], from: '', to: '' };
  const title = inp.template.titlePattern.replaceAll('{period}', words.full);
  let h = 0;
  const heading = (text: string) => `${CN_NUM[h++]}、${text}`;
  const overview = overviewParagraphs(inp, words);
  const praise = praiseParagraph(inp, words);
  const hot = hotspotParagraphs(inp, words);
  const problems = problemParagraphs(inp);
  const sections: BulletinSection[] = [];
  const add = (key: string, label: string, lines: string[]) => sections.push({ key, label, drafted: lines.join('\n'), edited: null });
  add('intro', '开头', [inp.template.intro.replaceAll('{period}', words.full)]);
  add('overview', '总体情况', [heading('总体情况'), ...overview, ...(praise.text ? [praise.text] : [])]);
  if (hot.length) add('hotspots', '热点问题', [heading('热点问题'), ...hot]);
  add('problems', '存在问题', [heading('存在问题'), ...problems.paragraphs]);
  add('requirements', inp.template.requirementsHeading, [heading(inp.template.requirementsHeading), ...inp.template.requirements]);
  return { title, sections, namedUnits: problems.named, praisedUnits: praise.units };
}
