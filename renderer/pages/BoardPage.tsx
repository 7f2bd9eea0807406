import { Planned } from '../components/Planned';

export default function BoardPage() {
  return <Planned title="逾期跟踪" items={['按法定工作日（含调休）计算截止时间', '已逾期、今日到期、24小时内到期的工单，按承办单位分组', '延期、退单、重办记录', '催办单打印']} />;
}
