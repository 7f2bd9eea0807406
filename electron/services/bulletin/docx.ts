// The .docx of a bulletin, built from the same page layout as the HTML and PDF: each page of the
// layout starts a new page in Word (pageBreakBefore), every text line sits on the 28.95 pt grid,
// table rows have the layout's exact heights with the header rows repeated, and the 版记 is
// pushed to the foot of the last page by spacing computed from the layout (LibreOffice ignores
// a table anchored to the bottom). Fonts carry their East Asian names, or Word shows 宋体.
import {
  AlignmentType, BorderStyle, Document, Footer, HeightRule, ImageRun, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell,
  TableRow, TabStopType, TextRun, VerticalAlign, WidthType, type IRunOptions,
} from 'docx';
import type { FontRole, Run } from '../../../shared/bulletin/paragraphs';
import { BLOCK_WIDTH_PT, EDGE_PT, LINE_PT } from './geometry';
import type { Layout, LineItem, PageItem, SvgItem, TableItem } from './layout';
import { pngFromSvg } from './pdf';

const TW = (pt: number) => Math.round(pt * 20);

/** East Asian names office PCs have; digits and Latin in Times New Roman. */
const EAST_ASIAN: Record<FontRole, string> = {
  fang: '仿宋_GB2312',
  kai: '楷体_GB2312',
  hei: '黑体',
  song: '宋体',
  xbs: '方正小标宋简体',
};

function font(role: FontRole): IRunOptions['font'] {
  return { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: EAST_ASIAN[role], cs: 'Times New Roman' };
}

function runOf(r: Run, l: { size: number; letterSpacing: number; color: string | null }): TextRun {
  return new TextRun(runOptions(r, l));
}

function runOptions(r: Run, l: { size: number; letterSpacing: number; color: string | null }): IRunOptions {
  return {
    text: r.text,
    font: font(r.font),
    size: Math.round(l.size * 2),
    bold: r.bold,
    color: l.color ? l.color.replace('#', '') : undefined,
    characterSpacing: l.letterSpacing ? Math.round(l.letterSpacing * 20) : undefined,
  };
}

const ALIGN = { justify: AlignmentType.BOTH, left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

interface Flow {
  /** Where the previous paragraph ended on the current page (pt from the block top). */
  y: number;
  newPage: boolean;
}

/** The lines of one paragraph (same para id) or a single header line, as one Word paragraph. */
function paragraphOf(lines: LineItem[], flow: Flow, sameY?: LineItem, linesOnPage = lines.length): Paragraph {
  const first = lines[0];
  const before = Math.max(0, first.y - flow.y);
  const rest = lines.length > 1 ? lines[1] : first;
  const left = rest.leftPt;
  const runs: Run[] = [];
  for (const l of lines) for (const r of l.runs) {
    const prev = runs[runs.length - 1];
    if (prev && prev.font === r.font && prev.bold === r.bold) prev.text += r.text;
    else runs.push({ ...r });
  }
  // A centred title keeps the layout's balanced line breaks; other paragraphs wrap in Word.
  const children = first.align === 'center' && lines.length > 1
    ? lines.flatMap((l, i) => l.runs.map((r, k) => new TextRun({ ...runOptions(r, l), break: i > 0 && k === 0 ? 1 : undefined })))
    : runs.map((r) => runOf(r, first));
  const tabStops = [];
  if (sameY) {
    // Two items on one line (简报: unit left, date right): a right tab stop.
    children.push(new TextRun({ text: '\t', font: font('fang'), size: Math.round(sameY.size * 2) }));
    for (const r of sameY.runs) children.push(runOf(r, sameY));
    tabStops.push({ type: TabStopType.RIGHT, position: TW(442.2) });
  }
  const height = first.height;
  const p = new Paragraph({
    children,
    alignment: sameY ? AlignmentType.LEFT : ALIGN[first.align],
    pageBreakBefore: flow.newPage,
    spacing: { before: TW(before), after: 0, line: TW(height), lineRule: LineRuleType.EXACT },
    indent: { left: TW(left), right: TW(first.rightPt), firstLine: first.leftPt > left ? TW(first.leftPt - left) : undefined, hanging: first.leftPt < left ? TW(left - first.leftPt) : undefined },
    tabStops,
  });
  flow.newPage = false;
  flow.y = first.y + linesOnPage * height;
  return p;
}

/** A spacer paragraph of an exact height (before a table, or above the 版记). */
function spacer(height: number, flow: Flow): Paragraph {
  const p = new Paragraph({
    children: [],
    pageBreakBefore: flow.newPage,
    spacing: { before: 0, after: 0, line: Math.max(TW(height), 20), lineRule: LineRuleType.EXACT },
  });
  flow.newPage = false;
  flow.y += height;
  return p;
}

function ruleParagraph(item: { y: number; thickness: number; color: string }, flow: Flow): Paragraph {
  // A paragraph 1 pt high whose bottom border is the rule; its top sits where the rule goes.
  const before = Math.max(0, item.y - flow.y - 1);
  const p = new Paragraph({
    children: [],
    pageBreakBefore: flow.newPage,
    spacing: { before: TW(before), after: 0, line: 20, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: Math.max(2, Math.round(item.thickness * 8)), color: item.color.replace('#', ''), space: 0 } },
  });
  flow.newPage = false;
  flow.y = item.y + item.thickness;
  return p;
}

/** An SVG's size in px from its width/height attributes (ECharts writes both). */
function svgSizePx(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: w ? Number(w[1]) : 590, height: h ? Number(h[1]) : 320 };
}

/** A chart: one centred paragraph as tall as the grid lines the layout gave it, the picture in it
 * (SVG with a PNG fallback), scaled to the 156 mm block like the preview's. */
function figureParagraph(item: SvgItem, png: Buffer, flow: Flow): Paragraph {
  const before = Math.max(0, item.y - flow.y);
  const size = svgSizePx(item.svg);
  const widthPx = BLOCK_WIDTH_PT / 0.75;
  const heightPx = Math.min(item.height / 0.75, (size.height / size.width) * widthPx);
  const p = new Paragraph({
    alignment: AlignmentType.CENTER,
    pageBreakBefore: flow.newPage,
    // At least, not exactly: Word and LibreOffice cut an inline picture in an exact-height line
    // down to its bottom part. The picture is never taller than the lines, so the height holds.
    spacing: { before: TW(before), after: 0, line: TW(item.height), lineRule: LineRuleType.AT_LEAST },
    children: [new ImageRun({
      type: 'svg', data: Buffer.from(item.svg, 'utf8'), transformation: { width: Math.round(widthPx), height: Math.round(heightPx) },
      fallback: { type: 'png', data: png },
    })],
  });
  flow.newPage = false;
  flow.y = item.y + item.height;
  return p;
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

function tableOf(parts: TableItem[], flow: Flow): (Table | Paragraph)[] {
  const first = parts[0];
  const out: (Table | Paragraph)[] = [];
  if (first.y - flow.y > 0.5) out.push(spacer(first.y - flow.y, flow));
  const rows = [...first.rows, ...parts.slice(1).flatMap((p) => p.rows.slice(p.headerRows))];
  const cols = first.colWidths.map(TW);
  const tableRows = rows.map((row) => new TableRow({
    tableHeader: row.header,
    cantSplit: true,
    height: { value: TW(row.height), rule: HeightRule.EXACT },
    children: row.cells.map((c) => new TableCell({
      columnSpan: c.colSpan > 1 ? c.colSpan : undefined,
      rowSpan: c.rowSpan > 1 ? c.rowSpan : undefined,
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: TW(3), right: TW(3), top: 0, bottom: 0 },
      borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
      children: c.lines.map((t) => new Paragraph({
        alignment: ALIGN[c.align],
        spacing: { before: 0, after: 0, line: TW(first.lineHeight), lineRule: LineRuleType.EXACT },
        children: [new TextRun({ text: t, font: font(row.header ? 'hei' : 'fang'), size: Math.round(first.size * 2), bold: c.bold && !row.header })],
      })),
    })),
  }));
  out.push(new Table({ rows: tableRows, columnWidths: cols, width: { size: cols.reduce((a, b) => a + b, 0), type: WidthType.DXA }, layout: 'fixed' }));
  const last = parts[parts.length - 1];
  flow.y = last.y + last.rows.reduce((a, r) => a + r.height, 0);
  // Word needs a paragraph after a table: make it as small as Word allows.
  out.push(new Paragraph({ children: [], spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT } }));
  flow.y += 1;
  return out;
}

function footer(odd: boolean): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: odd ? { right: TW(EDGE_PT) } : { left: TW(EDGE_PT) },
      spacing: { before: 0, after: 0, line: TW(EDGE_PT), lineRule: LineRuleType.EXACT },
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('song'), size: EDGE_PT * 2 })],
    })],
  });
}

/** The docx body children page by page, following the layout. */
function bodyOf(layout: Layout, pngs: Map<string, Buffer>): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  // Tables split over pages in the layout are one Word table with repeated header rows.
  const tableRuns: TableItem[][] = [];
  let open: TableItem[] | null = null;
  layout.pages.forEach((p, pi) => {
    const tables = p.items.filter((i): i is TableItem => i.kind === 'table');
    tables.forEach((t, ti) => {
      const continues = open && ti === 0 && p.items.filter((i) => i.kind === 'line').every((l) => l.y > t.y) && pi > 0;
      if (continues && open) open.push(t);
      else { open = [t]; tableRuns.push(open); }
    });
    if (p.items.some((i) => i.kind === 'line' && tables.every((t) => i.y > t.y)) || tables.length === 0) open = null;
  });
  const continuation = new Set(tableRuns.flatMap((r) => r.slice(1)));
  const flow: Flow = { y: 0, newPage: false };
  let lastPara = -99;
  const allLines = new Map<number, LineItem[]>();
  for (const p of layout.pages) for (const i of p.items) if (i.kind === 'line' && i.para >= 0) allLines.set(i.para, [...(allLines.get(i.para) ?? []), i]);
  layout.pages.forEach((page, pi) => {
    flow.y = 0;
    flow.newPage = pi > 0;
    const items = [...page.items].sort((a, b) => a.y - b.y);
    const used = new Set<PageItem>();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (used.has(item)) continue;
      used.add(item);
      if (item.kind === 'rule') { out.push(ruleParagraph(item, flow)); continue; }
      if (item.kind === 'svg') {
        const png = pngs.get(item.svg);
        out.push(png ? figureParagraph(item, png, flow) : spacer(item.y + item.height - flow.y, flow));
        continue;
      }
      if (item.kind === 'table') {
        if (continuation.has(item)) { flow.newPage = false; continue; }
        const run = tableRuns.find((r) => r[0] === item) ?? [item];
        out.push(...tableOf(run, flow));
        continue;
      }
      // A paragraph: its following lines on this page; one continued from the last page stays
      // one paragraph in Word, which breaks it at the same line.
      const lines: LineItem[] = [item];
      if (item.para >= 0) {
        for (let k = i + 1; k < items.length; k++) {
          const n = items[k];
          if (n.kind === 'line' && n.para === item.para) { lines.push(n); used.add(n); }
        }
      }
      if (item.para >= 0 && item.para === lastPara) { flow.newPage = false; flow.y = lines[lines.length - 1].y + item.height; continue; }
      const sameY = items.find((n) => n !== item && n.kind === 'line' && !used.has(n) && Math.abs(n.y - item.y) < 0.01 && n.para < 0) as LineItem | undefined;
      if (sameY) used.add(sameY);
      out.push(paragraphOf(item.para >= 0 ? allLines.get(item.para) ?? lines : lines, flow, sameY, lines.length));
      lastPara = item.para;
    }
  });
  return out;
}

/**
 * The styles part, written out rather than built by the library: its paragraph defaults turn off
 * the automatic space between Chinese and Latin letters (autoSpaceDE) and digits (autoSpaceDN),
 * widow/orphan control (the layout already decided where every page breaks) and punctuation
 * hanging into the margin (the layout keeps it inside the 28 characters).
 * Word, WPS and LibreOffice all add that space by default, which widens lines with numbers and
 * turns a 7-page bulletin into 8 in LibreOffice; the library can only write autoSpaceDN, and after
 * w:jc, out of the schema's order. Nothing in the document refers to a named style.
 */
const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:line="${TW(LINE_PT)}" w:lineRule="exact"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>`;

/** The .docx bytes of a laid-out bulletin. */
export async function docxFromLayout(layout: Layout, title: string): Promise<Buffer> {
  const pngs = new Map<string, Buffer>();
  for (const p of layout.pages) for (const i of p.items) {
    if (i.kind !== 'svg' || pngs.has(i.svg)) continue;
    const { width, height } = svgSizePx(i.svg);
    pngs.set(i.svg, await pngFromSvg(i.svg, width, height));
  }
  const doc = new Document({
    title,
    creator: '12345热线台账',
    evenAndOddHeaderAndFooters: true,
    externalStyles: STYLES_XML,
    sections: [{
      properties: {
        page: {
          size: { width: 11906, height: 16838 },
          margin: { top: 2098, bottom: 1984, left: 1588, right: 1474, footer: 1446, header: 851 },
        },
      },
      footers: { default: footer(true), even: footer(false) },
      children: bodyOf(layout, pngs),
    }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
