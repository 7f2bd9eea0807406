// ECharts for 统计考评: the monthly trend, the category shares and the unit ranking. ECharts is
// loaded with the page's chunk only when the charts are shown.
import { useEffect, useRef } from 'react';
import type { StatsResult } from '../../shared/contract/stats';
import { categorySharesOption } from './categoryShares';

type EChartsOption = Record<string, unknown>;

function Chart({ option, label }: { option: EChartsOption; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsOption): void; dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current);
      chart.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div className="stats-chart" ref={el} role="img" aria-label={label} />;
}

export function StatsCharts({ result }: { result: StatsResult }) {
  const months = result.breakdowns.month;
  const categories = result.breakdowns.category.slice(0, 10);
  const scored = result.rows.filter((r) => r.rank !== null);
  const byScore = result.settings.scoreColumn !== null;
  const ranking = [...scored]
    .sort((a, b) => (byScore ? (b.score ?? 0) - (a.score ?? 0) : b.received - a.received))
    .slice(0, 15)
    .reverse();
  return (
    <div className="stats-charts">
      <Chart
        label="月度受理量趋势"
        option={{
          title: { text: '月度受理量', left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: months.map((m) => `${Number(m.name.slice(5))}月`) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'line', data: months.map((m) => m.count), smooth: true, label: { show: months.length <= 12 } }],
        }}
      />
      <Chart
        label="问题分类占比"
        option={categorySharesOption(categories)}
      />
      <Chart
        label="单位排名"
        option={{
          title: { text: byScore ? '单位得分排名' : '单位承办件数排名', left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'axis' },
          grid: { left: 150, right: 30, top: 35, bottom: 20 },
          xAxis: { type: 'value', min: byScore ? 'dataMin' : 0 },
          yAxis: { type: 'category', data: ranking.map((r) => r.unit), axisLabel: { width: 140, overflow: 'truncate' } },
          series: [{ type: 'bar', data: ranking.map((r) => (byScore ? r.score : r.received)), label: { show: true, position: 'right' } }],
        }}
      />
    </div>
  );
}
