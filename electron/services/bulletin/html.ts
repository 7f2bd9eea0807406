// The laid-out pages as one HTML document: the print preview, the browser's print and the PDF
// all come from this text. Every line, rule and table cell is placed absolutely on its A4 page,
// so Chromium draws what the layout decided and never re-flows it.
import type { FontRole } from '../../../shared/bulletin/paragraphs';
import { BLOCK, EDGE_PT, LINES_PER_PAGE, LINE_PT, PAGE, PAGE_NUMBER_GAP_MM, mm } from './geometry';
import type { Layout, LineItem, PageBox, PageItem, TableItem } from './layout';

/** Font stacks: the names office PCs have first, then the Linux substitutes (see gongwen.md). */
export const FONT_STACKS: Record<FontRole, string> = {
  fang: `"Times New Roman", "仿宋_GB2312", "仿宋", "FangSong", "FandolFang", "STFangsong", serif`,
  kai: `"Times New Roman", "楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "STKaiti", serif`,
  hei: `"Times New Roman", "黑体", "SimHei", "Noto Sans CJK SC", "STHeiti", sans-serif`,
  song: `"Times New Roman", "宋体", "SimSun", "Noto Serif CJK SC", "STSong", serif`,
  xbs: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "XBS-Substitute", "宋体", "SimSun", serif`,
};

const pt = (v: number) => `${Math.round(v * 1000) / 1000}pt`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const LEFT = mm(PAGE.leftMm);
const TOP = mm(PAGE.topMm);
const WIDTH = mm(BLOCK.widthMm);

function lineHtml(l: LineItem): string {
  const justify = l.align === 'justify';
  const style = [
    `top:${pt(TOP + l.y)}`, `left:${pt(LEFT + l.leftPt)}`, `width:${pt(WIDTH - l.leftPt - l.rightPt)}`,
    `height:${pt(l.height)}`, `line-height:${pt(l.height)}`, `font-size:${pt(l.size)}`,
    `text-align:${justify ? 'justify' : l.align}`, `text-align-last:${justify && !l.last ? 'justify' : justify ? 'left' : l.align}`,
    l.letterSpacing ? `letter-spacing:${pt(l.letterSpacing)}` : '', l.color ? `color:${l.color}` : '',
  ].filter(Boolean).join(';');
  const runs = l.runs.map((r) => `<span class="f-${r.font}${r.bold ? ' b' : ''}">${escapeHtml(r.text)}</span>`).join('');
  return `<div class="ln" style="${style}">${runs}</div>`;
}

function tableHtml(t: TableItem): string {
  const out: string[] = [];
  let y = TOP + t.y;
  const width = t.colWidths.reduce((a, b) => a + b, 0);
  const totalHeight = t.rows.reduce((a, r) => a + r.height, 0);
  out.push(`<div class="tb" style="top:${pt(y)};left:${pt(LEFT)};width:${pt(width)};height:${pt(totalHeight)}"></div>`);
  for (const row of t.rows) {
    for (const c of row.cells) {
      const style = [
        `top:${pt(y)}`, `left:${pt(LEFT + c.x)}`, `width:${pt(c.width)}`, `height:${pt(c.height)}`, `font-size:${pt(t.size)}`,
        `line-height:${pt(t.lineHeight)}`, `text-align:${c.align}`,
      ].join(';');
      const text = c.lines.map(escapeHtml).join('<br>');
      out.push(`<div class="td${c.bold ? ' b' : ''}${row.header ? ' th' : ''}" style="${style}"><div>${text}</div></div>`);
    }
    y += row.height;
  }
  return out.join('');
}

function itemHtml(item: PageItem): string {
  switch (item.kind) {
    case 'line': return lineHtml(item);
    case 'rule': return `<div class="rule" style="top:${pt(TOP + item.y)};left:${pt(LEFT)};width:${pt(WIDTH)};height:${pt(item.thickness)};background:${item.color}"></div>`;
    case 'table': return tableHtml(item);
    case 'svg': return `<div class="fig" style="top:${pt(TOP + item.y)};left:${pt(LEFT)};width:${pt(WIDTH)};height:${pt(item.height)}">${item.svg}</div>`;
  }
}

function pageNumberHtml(p: PageBox): string {
  const odd = p.number % 2 === 1;
  const top = mm(PAGE.topMm + BLOCK.heightMm + PAGE_NUMBER_GAP_MM);
  const style = `top:${pt(top)};left:${pt(LEFT + EDGE_PT)};width:${pt(WIDTH - 2 * EDGE_PT)};text-align:${odd ? 'right' : 'left'}`;
  return `<div class="pn" style="${style}">— ${p.number} —</div>`;
}

export const BULLETIN_CSS = `
@page { size: A4; margin: 0 }
/* Where 方正小标宋 is missing, a heavy Song stands in (a regular one looks too light for a 红头). */
@font-face { font-family: "XBS-Substitute"; src: local("Noto Serif CJK SC Bold"), local("NotoSerifCJKsc-Bold"), local("Noto Serif CJK SC"), local("FandolSong-Bold") }
html, body { margin: 0; padding: 0; background: #e8e8e8 }
.page { position: relative; width: ${PAGE.widthMm}mm; height: ${PAGE.heightMm}mm; overflow: hidden; background: #fff; color: #000;
  margin: 0 auto 8mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); break-after: page; page-break-after: always;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; font-family: ${FONT_STACKS.fang}; font-kerning: none;
  font-variant-east-asian: normal; text-rendering: geometricPrecision }
.page:last-child { break-after: auto; page-break-after: auto }
.ln { position: absolute; white-space: nowrap; overflow: visible; text-justify: inter-character }
.rule, .tb, .td, .fig, .pn { position: absolute }
.tb { border-left: 0.75pt solid #000; border-top: 0.75pt solid #000; box-sizing: border-box }
.td { box-sizing: border-box; border-right: 0.75pt solid #000; border-bottom: 0.75pt solid #000; padding: 0 3pt; overflow: hidden;
  display: flex; flex-direction: column; justify-content: center; white-space: nowrap; font-family: ${FONT_STACKS.fang} }
.td.th { font-family: ${FONT_STACKS.hei}; font-weight: normal }
.td.b:not(.th) { font-weight: bold }
.fig svg { width: 100%; height: 100% }
.pn { font-family: ${FONT_STACKS.song}; font-size: ${EDGE_PT}pt; line-height: ${EDGE_PT * 1.25}pt }
.f-fang { font-family: ${FONT_STACKS.fang} }
.f-kai { font-family: ${FONT_STACKS.kai} }
.f-hei { font-family: ${FONT_STACKS.hei} }
.f-song { font-family: ${FONT_STACKS.song} }
.f-xbs { font-family: ${FONT_STACKS.xbs} }
.b { font-weight: bold }
@media print { html, body { background: none } .page { margin: 0; box-shadow: none } }
`;

/** The pages' inner HTML (for embedding in the app's preview). */
export function pagesHtml(layout: Layout): string {
  return layout.pages
    .map((p) => `<section class="page" data-page="${p.number}">${p.items.map(itemHtml).join('')}${pageNumberHtml(p)}</section>`)
    .join('\n');
}

/** A complete HTML document of the bulletin's pages. */
export function bulletinHtml(layout: Layout, title: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${BULLETIN_CSS}</style></head>
<body>
${pagesHtml(layout)}
</body></html>
`;
}

export const GRID = { LINES_PER_PAGE, LINE_PT };
