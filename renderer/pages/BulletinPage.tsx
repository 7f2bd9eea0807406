// 通报: a period, a scheme and a template → the bulletin drafted from the ledger's figures,
// shown as the A4 pages it prints to; the clerk edits a section's words and sees the pages
// again; PDF, Word and Excel are made on the main side from the same document.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, downloadBase64, messageOf } from '../api';
import type { BulletinDocument } from '../../shared/bulletin/model';
import type { BulletinFormat } from '../../shared/contract/bulletins';
import type { Scheme } from '../../shared/contract/stats';
import { BulletinPreview, type BulletinPreviewHandle } from '../bulletin/BulletinPreview';
import { SectionEditor } from '../bulletin/SectionEditor';
import { previousMonthPeriod } from '../../shared/period';
import '../bulletin.css';

interface TemplateInfo { id: string; name: string }
interface Drafted { document: BulletinDocument; html: string; pages: number }

const EXPORTS: { format: BulletinFormat; label: string }[] = [
  { format: 'pdf', label: '导出 PDF' },
  { format: 'docx', label: '导出 Word' },
  { format: 'xlsx', label: '导出 Excel' },
];

export default function BulletinPage() {
  const [period, setPeriod] = useState(() => previousMonthPeriod().text);
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [schemeId, setSchemeId] = useState('');
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [templateId, setTemplateId] = useState('redhead');
  const [drafted, setDrafted] = useState<Drafted | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = useRef<BulletinPreviewHandle>(null);

  useEffect(() => {
    call('stats.schemes', {}).then((r) => {
      setSchemes(r.schemes);
      setSchemeId((id) => id || r.schemes[0]?.id || '');
    }).catch((e) => setError(messageOf(e)));
    call('bulletins.templates', {}).then((r) => setTemplates(r.templates)).catch((e) => setError(messageOf(e)));
  }, []);

  /** Runs one call with the busy label shown and its error, if any, in the page. */
  const run = useCallback(async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try { await work(); } catch (e) { setError(messageOf(e)); } finally { setBusy(null); }
  }, []);

  const draft = () => run('起草中…', async () => {
    setDrafted(await call('bulletins.draft', { period: period.trim(), scheme: schemeId, template: templateId }));
  });

  const applyEdit = (key: string, edited: string | null) => run('排版中…', async () => {
    if (!drafted) return;
    const document = { ...drafted.document, sections: drafted.document.sections.map((s) => (s.key === key ? { ...s, edited } : s)) };
    const pages = await call('bulletins.pages', { document });
    setDrafted({ document, ...pages });
  });

  const exportAs = (format: BulletinFormat) => run('正在生成文件…', async () => {
    if (!drafted) return;
    const file = await call('bulletins.render', { format, document: drafted.document });
    downloadBase64(file.fileName, file.base64);
  });

  return (
    <div className="page bulletin-page">
      <div className="toolbar">
        <h1>通报</h1>
        <label>期间
          <input aria-label="期间" value={period} onChange={(e) => setPeriod(e.target.value)} size={22}
            title="如 2026-10、2026-Q3、2026-H1、2026 或 2026-10-01..2026-10-15" />
        </label>
        <label>考评方案
          <select aria-label="考评方案" value={schemeId} onChange={(e) => setSchemeId(e.target.value)}>
            {schemes.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>模板
          <select aria-label="模板" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        </label>
        <button type="button" className="primary" onClick={draft} disabled={busy !== null || !schemeId || !period.trim()}>起草</button>
        {EXPORTS.map((x) => (
          <button key={x.format} type="button" onClick={() => exportAs(x.format)} disabled={busy !== null || !drafted}>{x.label}</button>
        ))}
        <button type="button" onClick={() => preview.current?.print()} disabled={busy !== null || !drafted}>打印</button>
        {busy && <span className="muted" role="status">{busy}</span>}
        {drafted && !busy && <span className="muted">共 {drafted.pages} 页</span>}
      </div>
      {error && <div className="error-text" role="alert">{error}</div>}
      {drafted ? (
        <div className="bulletin-body">
          <SectionEditor sections={drafted.document.sections} busy={busy !== null} onApply={applyEdit} />
          <BulletinPreview ref={preview} html={drafted.html} />
        </div>
      ) : (
        <div className="muted bulletin-empty">选择期间、考评方案和模板后点“起草”：通报按台账数据自动起草，可逐段修改后打印或导出。</div>
      )}
    </div>
  );
}
