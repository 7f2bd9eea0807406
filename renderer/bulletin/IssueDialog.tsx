// 印发: the clerk confirms that the figures, the words and the pages are frozen from now on,
// with the 文号 (or 期数) proposed and the date of issue, both his to change.
import { useState } from 'react';
import { docNumberText, type BulletinHeader } from '../../shared/bulletin/model';
import { nowCst } from '../../shared/time';
import { ConfirmDialog } from './ConfirmDialog';

export interface IssueChoice {
  docNumber?: number;
  issueNo?: number;
  date: string;
}

interface Props {
  header: BulletinHeader;
  busy: boolean;
  error: string | null;
  onIssue: (choice: IssueChoice) => void;
  onCancel: () => void;
}

export function IssueDialog({ header, busy, error, onIssue, onCancel }: Props) {
  const brief = header.style === 'brief';
  const [number, setNumber] = useState(String((brief ? header.issueNo : header.docNumber) ?? 1));
  const [date, setDate] = useState(nowCst().slice(0, 10));
  const [problem, setProblem] = useState<string | null>(null);
  const n = Number(number);
  const valid = /^[1-9]\d{0,4}$/.test(number.trim());
  const shown = brief ? `（第${valid ? n : '?'}期）` : docNumberText({ ...header, docNumber: valid ? n : null }) || '—';

  const confirm = () => {
    if (!valid) return setProblem(brief ? '期数应为正整数' : '文号应为正整数，不加“第”和前导零');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setProblem('印发日期应为 YYYY-MM-DD');
    setProblem(null);
    onIssue(brief ? { issueNo: n, date } : { docNumber: n, date });
  };

  return (
    <ConfirmDialog title="印发通报" confirmLabel="确认印发" busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <p>《{header.title}》</p>
      <p><b>印发后，本通报的数字、文字和版式即被冻结：</b>以后台账中工单的修改、补录或删除都不再影响它，重新打印和导出与印发时完全相同；已印发的通报不能修改或删除。</p>
      <div className="bulletin-issue-fields">
        <label>{brief ? '期数' : `文号（${header.docPrefix}〔${header.docYear}〕__号）`}
          <input aria-label={brief ? '期数' : '文号序号'} value={number} onChange={(e) => setNumber(e.target.value)} size={6} />
        </label>
        <label>印发日期
          <input aria-label="印发日期" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </div>
      <p>将印为：<b>{shown}</b></p>
      {(problem ?? error) && <div className="error-text" role="alert">{problem ?? error}</div>}
    </ConfirmDialog>
  );
}
