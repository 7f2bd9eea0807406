// The bulletin (通报) as a document: header settings, sections of plain-text paragraphs,
// attachment tables and optional charts. One model feeds the printed pages, the PDF, the .docx
// and the .xlsx, so what the clerk sees in the preview is what every output holds.
import { z } from 'zod';

/** The three header styles seen in the samples. */
export const HEADER_STYLES = ['redhead', 'inspection', 'brief'] as const;
export type HeaderStyle = (typeof HEADER_STYLES)[number];
export const HEADER_STYLE_LABEL: Record<HeaderStyle, string> = {
  redhead: '红头文件（…文件 + 文号）',
  inspection: '督查通报（标识 + 文号）',
  brief: '简报（第N期）',
};

const text = (max: number) => z.string().max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

/** Everything above and below the body that the office sets once and the app remembers. */
export const BulletinHeader = z.strictObject({
  style: z.enum(HEADER_STYLES),
  /** 发文机关标志: 白水县人民政府办公室文件, 督查通报, 合水政务热线动态. */
  organ: text(60),
  /** 文号 prefix (白政办发), year and number; the number may be empty (no 文号 printed). */
  docPrefix: text(30),
  docYear: z.number().int().min(1900).max(2200),
  docNumber: z.number().int().min(1).max(99999).nullable(),
  /** 简报: the issue number （第17期）, the unit printed at the left under it. */
  issueNo: z.number().int().min(1).max(99999).nullable(),
  briefUnit: text(60),
  title: text(200),
  /** 主送 without the final colon. */
  mainTo: text(300),
  /** 发文机关署名 and 成文日期. */
  signature: text(60),
  signDate: day,
  /** 附注, printed in parentheses under the date: 联系人：聂洋 电话：3151139. */
  note: text(200),
  /** 抄送 without 抄送： and the final 。. */
  copyTo: text(400),
  printOrgan: text(60),
  printDate: day,
  copies: z.number().int().min(1).max(100000).nullable(),
});
export type BulletinHeader = z.infer<typeof BulletinHeader>;

/** Settings the office keeps from one bulletin to the next (everything but per-issue data). */
export const REMEMBERED_HEADER_KEYS = ['style', 'organ', 'docPrefix', 'briefUnit', 'mainTo', 'signature', 'note', 'copyTo', 'printOrgan', 'copies'] as const;

/** A section of the body: the drafted text, and the clerk's version when edited. */
export const BulletinSection = z.strictObject({
  key: z.string().max(40),
  /** What the section is called in the editor (not printed: headings live in the text). */
  label: z.string().max(60),
  /** Paragraphs separated by newlines, as drafted from the figures. */
  drafted: z.string().max(50_000),
  /** The clerk's text; null means the drafted text is used. Survives redrafting. */
  edited: z.string().max(50_000).nullable(),
});
export type BulletinSection = z.infer<typeof BulletinSection>;

export const TableCell = z.strictObject({
  text: z.string().max(2000),
  colSpan: z.number().int().min(1).max(50).optional(),
  rowSpan: z.number().int().min(1).max(10).optional(),
});
export type TableCell = z.infer<typeof TableCell>;

export const TableColumn = z.strictObject({
  /** Relative width (characters of the widest content); the layout scales to 156 mm. */
  width: z.number().min(1).max(100),
  align: z.enum(['left', 'center', 'right']),
});
export type TableColumn = z.infer<typeof TableColumn>;

/** One body row group: 镇街 or 部门 with an optional caption row (（镇、街道）). */
export const TableGroup = z.strictObject({
  caption: z.string().max(100).nullable(),
  rows: z.array(z.array(z.string().max(2000))),
  total: z.array(z.string().max(2000)).nullable(),
});
export type TableGroup = z.infer<typeof TableGroup>;

/** An attachment (附件N): a title and a table in the layout of the sample. */
export const AttachmentTable = z.strictObject({
  title: z.string().max(200),
  /** A line under the title: （包含联合派单）, 统计日期：… */
  subtitle: z.string().max(200).nullable(),
  columns: z.array(TableColumn).min(1).max(30),
  /** Header rows (repeated on every page), cells with spans. */
  header: z.array(z.array(TableCell)).min(1).max(4),
  groups: z.array(TableGroup),
  /** A grand total row after all groups. */
  total: z.array(z.string().max(2000)).nullable(),
});
export type AttachmentTable = z.infer<typeof AttachmentTable>;

/** The charts the clerk can add, in the order the picker offers them. */
export const CHART_KINDS = ['unitRanking', 'categoryShare', 'monthlyTrend'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
export const CHART_KIND_LABEL: Record<ChartKind, string> = {
  unitRanking: '各单位办结率、满意率（柱状图）',
  categoryShare: '问题分类前十（条形图）',
  monthlyTrend: '月度受理量走势（折线图，季度/半年/全年）',
};

/** A chart the clerk added: ECharts rendered to SVG on the main side, placed after a section. */
export const BulletinChart = z.strictObject({
  kind: z.enum(CHART_KINDS),
  afterSection: z.string().max(40),
  title: z.string().max(100),
  svg: z.string().max(2_000_000),
});
export type BulletinChart = z.infer<typeof BulletinChart>;

/** The whole document, as frozen in an issued bulletin's snapshot. */
export const BulletinDocument = z.strictObject({
  header: BulletinHeader,
  sections: z.array(BulletinSection),
  attachments: z.array(AttachmentTable),
  charts: z.array(BulletinChart),
});
export type BulletinDocument = z.infer<typeof BulletinDocument>;

/** The text of a section as printed: the clerk's when edited, else the draft. */
export function sectionText(s: BulletinSection): string {
  return s.edited ?? s.drafted;
}

/** 白政办发〔2024〕29号 — hexagonal brackets, no 第, no leading zeros. */
export function docNumberText(h: Pick<BulletinHeader, 'docPrefix' | 'docYear' | 'docNumber'>): string {
  if (h.docNumber == null) return '';
  return `${h.docPrefix}〔${h.docYear}〕${h.docNumber}号`;
}

/** 简报's issue number as printed: （第17期）; empty without one. */
export function issueNoText(issueNo: number | null): string {
  return issueNo == null ? '' : `（第${issueNo}期）`;
}

/** 2024年5月11日 from 2024-05-11: Arabic numerals without padding. */
export function chineseDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
