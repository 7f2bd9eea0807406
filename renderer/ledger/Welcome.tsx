// The first screen of an empty ledger: bring in the platform's spreadsheets, or try the demo.
import { useState } from 'react';
import { call, messageOf } from '../api';

interface Props {
  onImport: () => void;
  onLoaded: () => void;
}

export function Welcome({ onImport, onLoaded }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const loadDemo = async () => {
    setBusy(true);
    setError('');
    try {
      await call('demo.load', { orders: 400 });
      onLoaded();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="welcome">
      <h1>台账还是空的</h1>
      <p>从市 12345 平台导出的工单表格（.xlsx、.xls、.csv）可以直接导入；也可以先加载一份示例台账看看效果。</p>
      <div className="welcome-actions">
        <button type="button" className="primary big" onClick={onImport}>导入工单</button>
        <button type="button" className="big" onClick={loadDemo} disabled={busy}>{busy ? '正在加载…' : '加载示例数据'}</button>
      </div>
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      <p className="muted">示例数据是虚构的：近三个月约 400 件工单、40 个承办单位，可随时删除或换用新的台账文件。</p>
    </div>
  );
}
