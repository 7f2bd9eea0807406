// Charts the clerk can add to a bulletin, drawn by ECharts on the main side (server-side rendering
// to SVG: no browser, no canvas) from the same statistics report the words are drafted from. They
// print in black, grey and red with the document's fonts (仿宋 for labels, 黑体 for the title), at
// the width of the 156 mm text block: 590 px of SVG = 442 pt, so 14 px labels print at 10.5 pt (五号).
import * as echarts from 'echarts';
import type { BulletinChart, ChartKind } from '../../../shared/bulletin/model';
import { monthWords } from '../../../shared/bulletin/period';
import { AppError } from '../../../shared/result';
import { percentText, type StatsReport } from './figures';

/** SVG width in px: the 156 mm block at 96 px per inch. */
export const CHART_WIDTH_PX = 590;
const FANG = '仿宋';
const HEI = '黑体';
const BLACK = '#000000';
const GREY = '#8c8c8c';
const RED = '#FF0000';
const LABEL = { fontFamily: FANG, fontSize: 14, color: BLACK };

/** Why the figures of a report cannot draw a chart (a trend needs at least two months), or null. */
function chartProblem(kind: ChartKind, report: StatsReport): string | null {
  switch (kind) {
    case 'unitRanking': return unitRows(report).length ? null : '本期没有承办单位的工单，无法画各单位图表';
    case 'categoryShare': return report.breakdowns.category.some((c) => c.count > 0) ? null : '本期没有分类数据，无法画问题分类图表';
    case 'monthlyTrend': return report.breakdowns.month.length >= 2 ? null : '月度走势只适用于跨两个月以上的期间（季度、半年、全年）';
  }
}

export function defaultChartTitle(kind: ChartKind): string {
  switch (kind) {
    case 'unitRanking': return '各承办单位办结率、办理结果满意率';
    case 'categoryShare': return '群众反映问题分类情况';
    case 'monthlyTrend': return '月度受理量走势';
  }
}

/** The top-level units with orders, busiest first (at most 15 fit legibly). */
function unitRows(report: StatsReport) {
  return report.rows.filter((r) => r.parent == null && r.received > 0).sort((a, b) => b.received - a.received || a.unit.localeCompare(b.unit, 'zh-CN')).slice(0, 15);
}

const rate = (v: number | null) => (v == null || !Number.isFinite(v) ? null : Number(v.toFixed(2)));

function optionOf(kind: ChartKind, report: StatsReport, title: string): { option: echarts.EChartsCoreOption; height: number } {
  const titleOpt = { text: title, left: 'center', top: 4, textStyle: { fontFamily: HEI, fontSize: 18, fontWeight: 'normal', color: BLACK } };
  const axis = { axisLine: { lineStyle: { color: BLACK } }, axisTick: { lineStyle: { color: BLACK } }, axisLabel: { ...LABEL }, splitLine: { lineStyle: { color: '#d9d9d9' } } };
  switch (kind) {
    case 'unitRanking': {
      const rows = unitRows(report);
      const all = report.rows.filter((r) => r.parent == null && r.received > 0).length;
      if (all > rows.length) Object.assign(titleOpt, { subtext: `承办量前${rows.length}个单位（共${all}个）`, subtextStyle: { ...LABEL, fontSize: 12 }, itemGap: 2 });
      const closed = rows.map((r) => rate(r.received ? (r.closed / r.received) * 100 : null));
      const satisfied = rows.map((r) => rate(r.resultRate));
      const anySatisfaction = satisfied.some((v) => v != null);
      const height = (all > rows.length ? 106 : 90) + rows.length * (anySatisfaction ? 34 : 24);
      const label = (color: string) => ({ show: true, position: 'right', ...LABEL, fontSize: 12, color, formatter: (p: { value: number | null }) => (p.value == null ? '' : percentText(p.value)) });
      return {
        height,
        option: {
          title: titleOpt,
          legend: { top: all > rows.length ? 48 : 32, textStyle: LABEL, itemWidth: 18, itemHeight: 10 },
          grid: { left: 8, right: 70, top: all > rows.length ? 76 : 60, bottom: 8, containLabel: true },
          xAxis: { type: 'value', max: 100, ...axis, axisLabel: { ...LABEL, formatter: '{value}%' } },
          yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.unit), ...axis, splitLine: { show: false } },
          series: [
            { name: '办结率', type: 'bar', data: closed, itemStyle: { color: BLACK }, barMaxWidth: 12, label: label(BLACK) },
            ...(anySatisfaction ? [{ name: '办理结果满意率', type: 'bar', data: satisfied, itemStyle: { color: GREY }, barMaxWidth: 12, label: label('#404040') }] : []),
          ],
        },
      };
    }
    case 'categoryShare': {
      const cats = report.breakdowns.category.filter((c) => c.count > 0).slice(0, 10);
      const height = 70 + cats.length * 28;
      return {
        height,
        option: {
          title: titleOpt,
          grid: { left: 8, right: 110, top: 44, bottom: 8, containLabel: true },
          xAxis: { type: 'value', ...axis, axisLabel: { ...LABEL, formatter: (v: number) => `${v}件` } },
          yAxis: { type: 'category', inverse: true, data: cats.map((c) => c.name || '未分类'), ...axis, splitLine: { show: false } },
          series: [{
            type: 'bar', barMaxWidth: 16,
            // The largest category in red, the rest in grey: the eye goes where the bulletin's words go.
            data: cats.map((c, i) => ({ value: c.count, itemStyle: { color: i === 0 ? RED : GREY } })),
            label: { show: true, position: 'right', ...LABEL, fontSize: 12, formatter: (p: { dataIndex: number }) => `${cats[p.dataIndex].count}件（${percentText(cats[p.dataIndex].share, '—')}）` },
          }],
        },
      };
    }
    case 'monthlyTrend': {
      const months = report.breakdowns.month;
      return {
        height: 300,
        option: {
          title: titleOpt,
          grid: { left: 8, right: 24, top: 50, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: months.map((m) => monthWords(m.name)?.short ?? m.name), ...axis, splitLine: { show: false } },
          yAxis: { type: 'value', ...axis, axisLabel: { ...LABEL, formatter: (v: number) => `${v}件` } },
          series: [{
            type: 'line', data: months.map((m) => m.count), lineStyle: { color: BLACK, width: 2 }, itemStyle: { color: RED },
            symbol: 'circle', symbolSize: 7, label: { show: true, position: 'top', ...LABEL, fontSize: 12 },
          }],
        },
      };
    }
  }
}

/** A chart's SVG drawn from the report's figures. */
export function chartSvg(kind: ChartKind, report: StatsReport, title = defaultChartTitle(kind)): string {
  const problem = chartProblem(kind, report);
  if (problem) throw new AppError('validation', problem);
  const { option, height } = optionOf(kind, report, title);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH_PX, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FANG }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as the document keeps it: where it goes, its title and its drawing. */
export function bulletinChart(spec: { kind: ChartKind; afterSection: string; title?: string }, report: StatsReport): BulletinChart {
  const title = spec.title?.trim() || defaultChartTitle(spec.kind);
  return { kind: spec.kind, afterSection: spec.afterSection, title, svg: chartSvg(spec.kind, report, title) };
}

/**
 * The SVG if it is a plain drawing, else null. A document's charts come back from the page (and
 * from stored drafts), so before one is put into the preview, the PDF or the .docx, anything that
 * could run or fetch is refused: scripts, event handlers, foreign objects, links, images, CSS that
 * loads anything (ECharts' own <style> holds only hover rules).
 */
export function safeChartSvg(svg: string): string | null {
  if (!/^\s*<svg[\s>]/.test(svg)) return null;
  if (/<\s*(script|foreignObject|iframe|object|embed|a|image|use|animate|set)\b/i.test(svg)) return null;
  if (/\son[a-z]+\s*=/i.test(svg) || /(java|vb)script:|data:|url\s*\(\s*['"]?(?!#)|@import|href\s*=/i.test(svg)) return null;
  return svg;
}
