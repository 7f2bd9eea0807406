import { Planned } from '../components/Planned';

export default function StatsPage() {
  return <Planned title="统计考评" items={['按单位、期间统计受理、回复、办结、逾期、满意率', '各县考评方案：百分制、加减分、件数、限时办结、满意率', '环比、同比与图表']} />;
}
