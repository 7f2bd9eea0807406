// Which ledger file is open, and who is writing to it.
import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api';
import type { MethodOutput } from '../../../shared/api';

export default function LedgerFileSection() {
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    call('app.info', {}).then(setInfo, (e) => setError(messageOf(e)));
  }, []);
  if (error) return <p className="error-text">{error}</p>;
  if (!info) return <p>正在读取…</p>;
  return (
    <dl className="facts">
      <dt>台账文件</dt><dd className="mono">{info.ledgerPath}</dd>
      <dt>工单</dt><dd>{info.orderCount.toLocaleString('zh-CN')} 件</dd>
      <dt>承办单位</dt><dd>{info.unitCount} 个</dd>
      <dt>操作员</dt><dd>{info.operator}</dd>
      <dt>软件版本</dt><dd>{info.version}</dd>
    </dl>
  );
}
