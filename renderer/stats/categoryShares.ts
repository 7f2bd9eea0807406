// The 问题分类占比 ring of 统计考评. Its own file so a unit test can draw it at the page's size.

/** The smallest width of a chart on the page (.stats-charts: minmax(360px, 1fr)) and its height. */
export const CHART_MIN_SIZE_PX = { width: 360, height: 320 } as const;

/**
 * The ECharts option of the ring of category shares. The labels sit at the chart's edges, each
 * with the whole width beside the ring, and a name longer than that goes on two lines: labels
 * placed by their lines, around a wider ring, were cut to 供… and 城乡建… in a chart 360 px wide
 * (a 1280-px window).
 */
export function categorySharesOption(categories: readonly { name: string; count: number }[]): Record<string, unknown> {
  return {
    title: { text: '问题分类占比', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c}件（{d}%）' },
    series: [{
      type: 'pie', radius: ['28%', '52%'], top: 30,
      label: { alignTo: 'edge', edgeDistance: 6, minMargin: 2, overflow: 'break' }, labelLine: { length: 10, length2: 0 },
      data: categories.map((c) => ({ name: c.name, value: c.count })),
    }],
  };
}
