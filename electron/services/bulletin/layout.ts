// The app lays out its own A4 pages: CSS cannot put the 版记 at the bottom of the last page, and
// the page count must be the same in the preview, the PDF and the .docx. Everything is placed on
// the 22-line grid of the text block (y in pt from the block's top edge); every line is broken
// here, so the browser never re-breaks a line and a full body page holds exactly 22 lines.
import { chineseDate, docNumberText, issueNoText, sectionText, type AttachmentTable, type BulletinDocument, type TableCell } from '../../../shared/bulletin/model';
import { paragraphsOf, styleParagraph, type FontRole, type Run } from '../../../shared/bulletin/paragraphs';
import {
  BLOCK_WIDTH_PT, BODY_LETTER_SPACING, BODY_PT, EDGE_PT, LINE_PT, LINES_PER_PAGE, ORGAN_TOP_MM, RED, RULE_EDGE_PT,
  RULE_INNER_PT, RULE_RED_PT, TABLE_PT, TABLE_SMALL_PT, TITLE_PT, mm,
} from './geometry';
import { safeChartSvg } from './charts';
import { balancedLines, breakLines, textWidthPt } from './measure';

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface LineItem {
  kind: 'line';
  y: number;
  height: number;
  size: number;
  runs: Run[];
  align: Align;
  leftPt: number;
  rightPt: number;
  letterSpacing: number;
  color: string | null;
  /** The paragraph this line belongs to and whether it is its last line (not justified). */
  para: number;
  last: boolean;
}
export interface RuleItem { kind: 'rule'; y: number; thickness: number; color: string }
export interface TableCellBox { lines: string[]; x: number; width: number; height: number; align: 'left' | 'center' | 'right'; bold: boolean; colSpan: number; rowSpan: number }
export interface TableRowBox { height: number; header: boolean; caption: boolean; cells: TableCellBox[] }
export interface TableItem { kind: 'table'; y: number; size: number; lineHeight: number; colWidths: number[]; rows: TableRowBox[]; headerRows: number }
export interface SvgItem { kind: 'svg'; y: number; height: number; svg: string }
export type PageItem = LineItem | RuleItem | TableItem | SvgItem;

export interface PageBox {
  /** 1-based page number as printed (— 1 —); odd pages right, even pages left. */
  number: number;
  items: PageItem[];
}

export interface Layout {
  pages: PageBox[];
}

const BLOCK_HEIGHT_PT = LINES_PER_PAGE * LINE_PT;
const BODY_CHAR = BODY_PT + BODY_LETTER_SPACING;
const CELL_PAD_X = 3;
/** See BreakOptions.latinPad: 0.5 pt makes the sample bulletin break line for line as LibreOffice does. */
const LATIN_RUN_PAD_PT = 0.5;
const CELL_PAD_Y = 2;

class PageWriter {
  pages: PageBox[] = [];
  /** The next free grid line on the current page. */
  line = 0;
  /** The next free y (pt) for tables and figures, never above the grid line. */
  y = 0;
  paraCounter = 0;

  constructor() { this.newPage(); }

  get page(): PageBox { return this.pages[this.pages.length - 1]; }

  newPage(): void {
    this.pages.push({ number: this.pages.length + 1, items: [] });
    this.line = 0;
    this.y = 0;
  }

  /** Moves to a grid line (for text after a table or figure). */
  snapToGrid(): void {
    this.line = Math.max(this.line, Math.ceil(this.y / LINE_PT - 1e-6));
    this.y = this.line * LINE_PT;
  }

  blankLines(n: number): void {
    this.line += n;
    this.y = this.line * LINE_PT;
    if (this.line > LINES_PER_PAGE) this.line = LINES_PER_PAGE;
  }

  /** Puts lines on the grid, continuing on a new page when the page is full. */
  writeLines(lines: Omit<LineItem, 'kind' | 'y' | 'height' | 'para' | 'last'>[], keepTogether = false): void {
    const para = this.paraCounter++;
    if (keepTogether && this.line + lines.length > LINES_PER_PAGE && lines.length <= LINES_PER_PAGE) this.newPage();
    lines.forEach((l, i) => {
      if (this.line >= LINES_PER_PAGE) this.newPage();
      this.page.items.push({ kind: 'line', y: this.line * LINE_PT, height: LINE_PT, ...l, para, last: i === lines.length - 1 });
      this.line++;
      this.y = this.line * LINE_PT;
    });
  }

  /** A heading must not be the last line of a page: start it on the next page instead. */
  ensureLines(n: number): void {
    if (this.line + n > LINES_PER_PAGE) this.newPage();
  }
}

/** Splits a paragraph's runs at the line breaks found for its whole text. */
function runsByLine(runs: Run[], lines: string[]): Run[][] {
  const out: Run[][] = [];
  let ri = 0;
  let offset = 0;
  for (const line of lines) {
    const lineRuns: Run[] = [];
    let need = [...line].length;
    while (need > 0 && ri < runs.length) {
      const chars = [...runs[ri].text];
      const take = Math.min(need, chars.length - offset);
      lineRuns.push({ ...runs[ri], text: chars.slice(offset, offset + take).join('') });
      need -= take;
      offset += take;
      if (offset >= chars.length) { ri++; offset = 0; }
    }
    out.push(lineRuns);
  }
  return out;
}

interface TextSpec {
  size?: number;
  letterSpacing?: number;
  font?: FontRole;
  bold?: boolean;
  color?: string | null;
  align?: Align;
  /** First-line indent and hanging indent of later lines, in characters of the size. */
  firstIndent?: number;
  indent?: number;
  rightIndent?: number;
}

/** A paragraph broken into grid lines. */
function paragraphLines(runs: Run[], spec: TextSpec): Omit<LineItem, 'kind' | 'y' | 'height' | 'para' | 'last'>[] {
  const size = spec.size ?? BODY_PT;
  const ls = spec.letterSpacing ?? BODY_LETTER_SPACING;
  const ch = size + ls;
  const left = (spec.indent ?? 0) * ch;
  const right = (spec.rightIndent ?? 0) * ch;
  const first = (spec.firstIndent ?? 0) * ch;
  const text = runs.map((r) => r.text).join('');
  const lines = breakLines(text, { size, letterSpacing: ls, firstWidth: BLOCK_WIDTH_PT - left - right - first, width: BLOCK_WIDTH_PT - left - right, latinPad: LATIN_RUN_PAD_PT });
  return runsByLine(runs, lines).map((lineRuns, i) => ({
    size,
    runs: lineRuns,
    align: spec.align ?? 'justify',
    leftPt: left + (i === 0 ? first : 0),
    rightPt: right,
    letterSpacing: ls,
    color: spec.color ?? null,
  }));
}

function plain(text: string, font: FontRole = 'fang', bold = false): Run[] {
  return [{ text, font, bold }];
}

/** The 版头: organ, 文号 or 期号, red rule; returns the first free grid line. */
function layoutHeader(w: PageWriter, doc: BulletinDocument): void {
  const h = doc.header;
  const items = w.page.items;
  const centred = (text: string, y: number, size: number, font: FontRole, color: string | null, letterSpacing = 0): LineItem => ({
    kind: 'line', y, height: size * 1.25, size, runs: plain(text, font), align: 'center', leftPt: 0, rightPt: 0, letterSpacing, color, para: -1, last: true,
  });
  let ruleY: number;
  if (h.style === 'brief') {
    const size = Math.min(42, Math.floor((BLOCK_WIDTH_PT / Math.max(1, [...h.organ].length)) * 2) / 2);
    const top = mm(10);
    items.push(centred(h.organ, top, size, 'xbs', RED));
    const issueY = top + size * 1.25 + mm(4);
    const issue = issueNoText(h.issueNo);
    if (issue) items.push(centred(issue, issueY, BODY_PT, 'fang', null));
    const unitY = issueY + LINE_PT * 1.5;
    items.push({ kind: 'line', y: unitY, height: LINE_PT, size: BODY_PT, runs: plain(h.briefUnit), align: 'left', leftPt: 0, rightPt: 0, letterSpacing: 0, color: null, para: -1, last: true });
    items.push({ kind: 'line', y: unitY, height: LINE_PT, size: BODY_PT, runs: plain(chineseDate(h.signDate)), align: 'right', leftPt: 0, rightPt: 0, letterSpacing: 0, color: null, para: -1, last: true });
    ruleY = unitY + BODY_PT * 1.25 + mm(2);
  } else {
    // As large as fits in 156 mm, at most 初号 (42 pt).
    const size = Math.min(42, Math.floor((BLOCK_WIDTH_PT / Math.max(1, [...h.organ].length)) * 2) / 2);
    const organTop = mm(ORGAN_TOP_MM);
    items.push(centred(h.organ, organTop, size, 'xbs', RED));
    const number = docNumberText(h);
    if (number) {
      const numberY = organTop + size + 2 * LINE_PT - (LINE_PT - BODY_PT) / 2;
      items.push({ ...centred(number, numberY, BODY_PT, 'fang', null), height: LINE_PT });
      ruleY = numberY + (LINE_PT + BODY_PT) / 2 + mm(4);
    } else {
      ruleY = organTop + size + mm(6);
    }
  }
  items.push({ kind: 'rule', y: ruleY, thickness: RULE_RED_PT, color: RED });
  // 标题 two lines below the rule.
  w.line = Math.ceil((ruleY + RULE_RED_PT + 2 * LINE_PT - 2) / LINE_PT);
  w.y = w.line * LINE_PT;
}

function layoutTitle(w: PageWriter, title: string, size = TITLE_PT): void {
  const lines = balancedLines(title, { size, letterSpacing: 0, width: BLOCK_WIDTH_PT - 2 * size });
  w.writeLines(lines.map((t) => ({ size, runs: plain(t, 'xbs'), align: 'center', leftPt: 0, rightPt: 0, letterSpacing: 0, color: null })), true);
}

function layoutBody(w: PageWriter, doc: BulletinDocument): void {
  for (const section of doc.sections) {
    const paragraphs = paragraphsOf(sectionText(section));
    paragraphs.forEach((p, i) => {
      const styled = styleParagraph(p);
      const lines = paragraphLines(styled.runs, { firstIndent: 2 });
      // A heading line is never left alone at the foot of a page.
      if (styled.level === 'h1' || (styled.level === 'h2' && lines.length === 1)) w.ensureLines(Math.min(lines.length + 1, LINES_PER_PAGE));
      else if (i === 0 && lines.length > 1) w.ensureLines(2);
      w.writeLines(lines);
    });
    // A chart whose section is gone (a template without it) follows the last section.
    const last = section === doc.sections[doc.sections.length - 1];
    for (const chart of doc.charts.filter((c) => c.afterSection === section.key || (last && !doc.sections.some((s) => s.key === c.afterSection)))) {
      const svg = safeChartSvg(chart.svg);
      if (svg) layoutChart(w, svg);
    }
  }
}

/** A chart on whole grid lines, never split over a page; text continues on the line after it. */
function layoutChart(w: PageWriter, svg: string): void {
  const m = /viewBox="[\d.\s-]*?\s([\d.]+)\s([\d.]+)"/.exec(svg) ?? /width="([\d.]+)"[^>]*height="([\d.]+)"/.exec(svg);
  const ratio = m ? Number(m[2]) / Number(m[1]) : 0.55;
  const lines = Math.min(LINES_PER_PAGE, Math.ceil((BLOCK_WIDTH_PT * ratio) / LINE_PT));
  w.ensureLines(lines);
  w.page.items.push({ kind: 'svg', y: w.line * LINE_PT, height: lines * LINE_PT, svg });
  w.blankLines(lines);
}

/** 附件：1.名称 with further names aligned under the first, no final punctuation. */
function layoutAttachmentNote(w: PageWriter, doc: BulletinDocument): void {
  const n = doc.attachments.length;
  if (n === 0) return;
  w.blankLines(1);
  doc.attachments.forEach((a, i) => {
    const label = n === 1 ? a.title : `${i + 1}.${a.title}`;
    const text = i === 0 ? `附件：${label}` : label;
    const indent = i === 0 ? 2 : 5;
    const hanging = n === 1 ? 5 : 5 + 1;
    const runs = plain(text);
    const lines = paragraphLines(runs, { indent: 0, firstIndent: indent, align: 'left' });
    // Later lines of a long name align under the name itself.
    const rest = lines.length > 1 ? paragraphLines(plain([...text].slice([...lines[0].runs.map((r) => r.text).join('')].length).join('')), { indent: hanging, align: 'left' }) : [];
    w.writeLines([{ ...lines[0], align: rest.length ? 'justify' : 'left' }, ...rest]);
  });
}

/** 署名 and 成文日期 (no seal): organ two characters from the right, the date under it moved
 * two characters right of the organ's first character; then the 附注 in parentheses. */
function layoutSignature(w: PageWriter, doc: BulletinDocument): void {
  const h = doc.header;
  if (h.style === 'brief' && !h.signature) return;
  const sig = h.signature;
  const date = chineseDate(h.signDate);
  const sigW = textWidthPt(sig, BODY_PT, BODY_LETTER_SPACING);
  const dateW = textWidthPt(date, BODY_PT, BODY_LETTER_SPACING);
  let sigRight = 2 * BODY_CHAR;
  let dateLeft = BLOCK_WIDTH_PT - sigRight - sigW + 2 * BODY_CHAR;
  if (dateLeft + dateW > BLOCK_WIDTH_PT - 2 * BODY_CHAR) {
    // A short organ name: the date keeps two characters from the right, the organ centres over it.
    dateLeft = BLOCK_WIDTH_PT - 2 * BODY_CHAR - dateW;
    sigRight = Math.max(0, BLOCK_WIDTH_PT - (dateLeft + dateW / 2) - sigW / 2);
  }
  w.blankLines(sig ? 2 : 1);
  const lines: Omit<LineItem, 'kind' | 'y' | 'height' | 'para' | 'last'>[] = [];
  if (sig) lines.push({ size: BODY_PT, runs: plain(sig), align: 'right', leftPt: 0, rightPt: sigRight, letterSpacing: BODY_LETTER_SPACING, color: null });
  lines.push({ size: BODY_PT, runs: plain(date), align: 'left', leftPt: dateLeft, rightPt: 0, letterSpacing: BODY_LETTER_SPACING, color: null });
  // Two paragraphs kept on one page (the .docx gives each its own alignment and indent).
  w.ensureLines(lines.length);
  for (const l of lines) w.writeLines([l]);
  if (h.note.trim()) w.writeLines(paragraphLines(plain(`（${h.note.trim()}）`), { firstIndent: 2, align: 'left' }));
}

/** Column widths in pt from the relative widths, and the font size that lets the text fit. */
function tableGeometry(t: AttachmentTable): { widths: number[]; size: number } {
  const sum = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => (c.width / sum) * BLOCK_WIDTH_PT);
  const size = sum > 36 ? TABLE_SMALL_PT : TABLE_PT;
  return { widths, size };
}

function cellBoxes(cells: { text: string; colSpan?: number; rowSpan?: number }[], widths: number[], size: number, opts: { header: boolean; aligns: ('left' | 'center' | 'right')[] }): TableCellBox[] {
  const out: TableCellBox[] = [];
  let col = 0;
  for (const c of cells) {
    const span = c.colSpan ?? 1;
    const x = widths.slice(0, col).reduce((a, b) => a + b, 0);
    const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    const inner = width - 2 * CELL_PAD_X;
    const lines = c.text.split('\n').flatMap((part) => breakLines(part, { size, letterSpacing: 0, firstWidth: inner, width: inner }));
    out.push({ lines, x, width, height: 0, align: opts.header ? 'center' : opts.aligns[col] ?? 'center', bold: opts.header, colSpan: span, rowSpan: c.rowSpan ?? 1 });
    col += span;
  }
  return out;
}

/** Header cells with row spans occupy columns of the rows below them. */
function headerRows(t: AttachmentTable, widths: number[], size: number, lineHeight: number): TableRowBox[] {
  const occupied: number[][] = t.header.map(() => []);
  const rows: TableRowBox[] = t.header.map((cells, r) => {
    const boxes: TableCellBox[] = [];
    let col = 0;
    for (const c of cells) {
      while (occupied[r].includes(col)) col++;
      const span = c.colSpan ?? 1;
      const [box] = cellBoxes([c], widths.slice(col), size, { header: true, aligns: [] });
      box.x += widths.slice(0, col).reduce((a, b) => a + b, 0);
      boxes.push(box);
      for (let k = 1; k < (c.rowSpan ?? 1) && r + k < t.header.length; k++) for (let s = 0; s < span; s++) occupied[r + k].push(col + s);
      col += span;
    }
    const height = Math.max(1, ...boxes.filter((b) => b.rowSpan === 1).map((b) => b.lines.length)) * lineHeight + 2 * CELL_PAD_Y;
    return { height, header: true, caption: false, cells: boxes };
  });
  // A spanning cell's height is the sum of its rows; grow the last row when its text needs more.
  rows.forEach((row, r) => {
    for (const b of row.cells) {
      const span = Math.min(b.rowSpan, rows.length - r);
      const have = rows.slice(r, r + span).reduce((a, x) => a + x.height, 0);
      const need = b.lines.length * lineHeight + 2 * CELL_PAD_Y;
      if (need > have) rows[r + span - 1].height += need - have;
    }
  });
  rows.forEach((row, r) => row.cells.forEach((b) => { b.height = rows.slice(r, r + Math.min(b.rowSpan, rows.length - r)).reduce((a, x) => a + x.height, 0); }));
  return rows;
}

function bodyRow(cells: string[], widths: number[], size: number, lineHeight: number, aligns: ('left' | 'center' | 'right')[], bold = false): TableRowBox {
  const boxes = cellBoxes(cells.map((text) => ({ text })), widths, size, { header: false, aligns });
  const height = Math.max(1, ...boxes.map((b) => b.lines.length)) * lineHeight + 2 * CELL_PAD_Y;
  boxes.forEach((b) => { b.height = height; b.bold = bold; });
  return { height, header: false, caption: false, cells: boxes };
}

function captionRow(text: string, size: number, lineHeight: number): TableRowBox {
  const [box] = cellBoxes([{ text }], [BLOCK_WIDTH_PT], size, { header: false, aligns: ['left'] });
  const height = box.lines.length * lineHeight + 2 * CELL_PAD_Y;
  box.height = height;
  box.bold = true;
  return { height, header: false, caption: true, cells: [box] };
}

function layoutTable(w: PageWriter, t: AttachmentTable): void {
  const { widths, size } = tableGeometry(t);
  const lineHeight = Math.round(size * 1.4 * 100) / 100;
  const aligns = t.columns.map((c) => c.align);
  const head = headerRows(t, widths, size, lineHeight);
  const headHeight = head.reduce((a, r) => a + r.height, 0);
  const body: TableRowBox[] = [];
  for (const g of t.groups) {
    if (g.caption) body.push(captionRow(g.caption, size, lineHeight));
    for (const r of g.rows) body.push(bodyRow(r, widths, size, lineHeight, aligns));
    if (g.total) body.push(bodyRow(g.total, widths, size, lineHeight, aligns, true));
  }
  if (t.total) body.push(bodyRow(t.total, widths, size, lineHeight, aligns, true));
  let current: TableItem | null = null;
  let used = 0;
  for (const row of body) {
    if (!current || used + row.height > BLOCK_HEIGHT_PT - current.y + 0.01) {
      if (current) w.newPage();
      current = { kind: 'table', y: w.y, size, lineHeight, colWidths: widths, rows: [...head], headerRows: head.length };
      w.page.items.push(current);
      used = headHeight;
    }
    current.rows.push(row);
    used += row.height;
    w.y = current.y + used;
  }
  if (!current) {
    w.page.items.push({ kind: 'table', y: w.y, size, lineHeight, colWidths: widths, rows: head, headerRows: head.length });
    w.y += headHeight;
  }
}

function layoutAttachments(w: PageWriter, doc: BulletinDocument): void {
  doc.attachments.forEach((a, i) => {
    w.newPage();
    const label = doc.attachments.length === 1 ? '附件' : `附件${i + 1}`;
    w.writeLines([{ size: BODY_PT, runs: plain(label, 'hei'), align: 'left', leftPt: 0, rightPt: 0, letterSpacing: 0, color: null }]);
    w.blankLines(1);
    layoutTitle(w, a.title);
    if (a.subtitle) w.writeLines([{ size: BODY_PT, runs: plain(a.subtitle, 'kai'), align: 'center', leftPt: 0, rightPt: 0, letterSpacing: 0, color: null }]);
    layoutTable(w, a);
  });
}

interface EndItem { kind: 'copyTo' | 'print' | 'copies'; runs: Run[]; align: Align; leftPt: number; rightPt: number; lines: number }

/** The 版记 rows: 抄送, then the printing organ and date, then 共印N份. */
function endBlockItems(doc: BulletinDocument): EndItem[] {
  const h = doc.header;
  const items: EndItem[] = [];
  const ch = EDGE_PT;
  if (h.copyTo.trim()) {
    const text = `抄送：${h.copyTo.trim().replace(/[。.]$/, '')}。`;
    const lines = breakLines(text, { size: EDGE_PT, letterSpacing: 0, firstWidth: BLOCK_WIDTH_PT - 2 * ch, width: BLOCK_WIDTH_PT - 2 * ch - 3 * ch });
    items.push({ kind: 'copyTo', runs: plain(text), align: 'left', leftPt: ch, rightPt: ch, lines: lines.length });
  }
  if (h.printOrgan.trim() || h.printDate) items.push({ kind: 'print', runs: plain(h.printOrgan.trim()), align: 'left', leftPt: ch, rightPt: ch, lines: 1 });
  if (h.copies != null) items.push({ kind: 'copies', runs: plain(`（共印${h.copies}份）`), align: 'right', leftPt: ch, rightPt: ch, lines: 1 });
  return items;
}

/** Height of the 版记 in grid lines. */
export function endBlockLines(doc: BulletinDocument): number {
  return endBlockItems(doc).reduce((a, i) => a + i.lines, 0);
}

/** The 版记 at the bottom edge of the text block on the last page. */
function layoutEndBlock(w: PageWriter, doc: BulletinDocument): void {
  const items = endBlockItems(doc);
  if (items.length === 0) return;
  const need = items.reduce((a, i) => a + i.lines, 0);
  w.snapToGrid();
  // Leave at least one blank line between the text and the 版记.
  if (w.line + need + 1 > LINES_PER_PAGE) w.newPage();
  let line = LINES_PER_PAGE - need;
  const page = w.page;
  const h = doc.header;
  items.forEach((it, i) => {
    const y = line * LINE_PT;
    page.items.push({ kind: 'rule', y: y - (i === 0 ? RULE_EDGE_PT : RULE_INNER_PT) / 2, thickness: i === 0 ? RULE_EDGE_PT : RULE_INNER_PT, color: '#000000' });
    if (it.lines > 1) {
      const text = it.runs.map((r) => r.text).join('');
      const lines = breakLines(text, { size: EDGE_PT, letterSpacing: 0, firstWidth: BLOCK_WIDTH_PT - 2 * EDGE_PT, width: BLOCK_WIDTH_PT - 5 * EDGE_PT });
      lines.forEach((t, k) => page.items.push({
        kind: 'line', y: (line + k) * LINE_PT, height: LINE_PT, size: EDGE_PT, runs: plain(t), align: k < lines.length - 1 ? 'justify' : 'left',
        leftPt: k === 0 ? EDGE_PT : 4 * EDGE_PT, rightPt: EDGE_PT, letterSpacing: 0, color: null, para: -2, last: k === lines.length - 1,
      }));
    } else if (it.kind === 'print') {
      // 印发 row: the organ on the left, 2024年5月11日印发 on the right.
      page.items.push({ kind: 'line', y, height: LINE_PT, size: EDGE_PT, runs: it.runs, align: 'left', leftPt: EDGE_PT, rightPt: EDGE_PT, letterSpacing: 0, color: null, para: -2, last: true });
      page.items.push({ kind: 'line', y, height: LINE_PT, size: EDGE_PT, runs: plain(`${chineseDate(h.printDate)}印发`), align: 'right', leftPt: 0, rightPt: EDGE_PT, letterSpacing: 0, color: null, para: -2, last: true });
    } else {
      page.items.push({ kind: 'line', y, height: LINE_PT, size: EDGE_PT, runs: it.runs, align: it.align, leftPt: it.leftPt, rightPt: it.rightPt, letterSpacing: 0, color: null, para: -2, last: true });
    }
    line += it.lines;
  });
  page.items.push({ kind: 'rule', y: BLOCK_HEIGHT_PT - RULE_EDGE_PT, thickness: RULE_EDGE_PT, color: '#000000' });
  w.line = LINES_PER_PAGE;
}

/** The whole document laid out on A4 pages. */
export function layoutBulletin(doc: BulletinDocument): Layout {
  const w = new PageWriter();
  layoutHeader(w, doc);
  if (doc.header.title.trim()) {
    layoutTitle(w, doc.header.title.trim());
    if (doc.header.mainTo.trim()) {
      w.blankLines(1);
      w.writeLines(paragraphLines(plain(`${doc.header.mainTo.trim().replace(/[：:]$/, '')}：`), { align: 'left' }));
    } else {
      w.blankLines(1);
    }
  }
  layoutBody(w, doc);
  layoutAttachmentNote(w, doc);
  layoutSignature(w, doc);
  layoutAttachments(w, doc);
  layoutEndBlock(w, doc);
  return { pages: w.pages };
}

export type { TableCell };
