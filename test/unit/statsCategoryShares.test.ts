// 统计考评's 问题分类占比 ring drawn by ECharts (server-side SVG) at the smallest size the page gives
// a chart: every category's name is drawn whole, none cut to 供… (as a 1280-px window showed).
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { CHART_MIN_SIZE_PX, categorySharesOption } from '../../renderer/stats/categoryShares';

// The demo ledger's ten largest categories in one month (their order and sizes as the page showed them).
const CATEGORIES = [
  ['道路交通类', 18], ['市场监管类', 14], ['城市管理类', 13], ['安全生产类', 10], ['欠薪类', 10],
  ['生态环境类', 10], ['供水供电供气类', 9], ['城乡建设类', 8], ['矛盾纠纷类', 8], ['农村饮水安全类', 8],
] as const;

function drawnTexts(categories: readonly { name: string; count: number }[]): string[] {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_MIN_SIZE_PX });
  try {
    chart.setOption({ animation: false, ...categorySharesOption(categories) });
    return [...chart.renderToSVGString().matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  } finally {
    chart.dispose();
  }
}

describe('问题分类占比', () => {
  it('draws every category name whole at the smallest chart size', () => {
    const texts = drawnTexts(CATEGORIES.map(([name, count]) => ({ name, count })));
    expect(texts.filter((t) => t.includes('…') || t.includes('...'))).toEqual([]);
    // A name may take two lines where the room is short; its lines are drawn one after another.
    const drawn = texts.join('');
    for (const [name] of CATEGORIES) expect(drawn).toContain(name);
  });
});
