// 通报: a period, a scheme and a template → the bulletin drafted from the ledger's figures,
// shown as the A4 pages it prints to; the clerk edits a section's words and sees the pages
// again; PDF, Word and Excel are made on the main side from the same document.
// Drafts are kept in the ledger (保存草稿; after that every edit is stored at once), their
// numbers regenerated without losing the clerk's words, and issued with a 文号: an issued
// bulletin opens read-only and reprints exactly as it was issued.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, downloadBase64, messageOf } from '../api';
import type { BulletinDocument, HeaderStyle } from '../../shared/bulletin/model';
import type { BulletinDraftQuery, BulletinFormat, BulletinHeaderSettings, BulletinNumberProposal, BulletinSummary, StoredBulletin } from '../../shared/contract/bulletins';
import type { Scheme } from '../../shared/contract/stats';
import { BulletinPreview, type BulletinPreviewHandle } from '../bulletin/BulletinPreview';
import { SectionEditor } from '../bulletin/SectionEditor';
import { ChartPicker } from '../bulletin/ChartPicker';
import { BulletinList } from '../bulletin/BulletinList';
import { HeaderSettingsForm } from '../bulletin/HeaderSettingsForm';
import { IssueDialog, type IssueChoice } from '../bulletin/IssueDialog';
import { ConfirmDialog } from '../bulletin/ConfirmDialog';
import { previousMonthPeriod } from '../../shared/period';
import '../bulletin.css';

interface TemplateInfo { id: string; name: string; style: HeaderStyle }

/** The bulletin on screen: a fresh draft not yet saved (id null), a saved draft, or an issued one. */
interface Current {
  id: number | null;
  summary: BulletinSummary | null;
  query: BulletinDraftQuery;
  document: BulletinDocument;
  html: string;
  pages: number;
}

const EXPORTS: { format: BulletinFormat; label: string }[] = [
  { format: 'pdf', label: '导出 PDF' },
  { format: 'docx', label: '导出 Word' },
  { format: 'xlsx', label: '导出 Excel' },
];

function currentOf(s: StoredBulletin): Current {
  const b = s.bulletin;
  return {
    id: b.id, summary: b, document: s.document, html: s.html, pages: s.pages,
    query: { period: b.period, scheme: b.scheme, template: b.template, ...(b.channels.length ? { channels: b.channels } : {}) },
  };
}

export default function BulletinPage() {
  const [period, setPeriod] = useState(() => previousMonthPeriod().text);
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [schemeId, setSchemeId] = useState('');
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [templateId, setTemplateId] = useState('redhead');
  const [current, setCurrent] = useState<Current | null>(null);
  const [list, setList] = useState<BulletinSummary[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [issueError, setIssueError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  /** Replacing a fresh draft the clerk edited but did not save: what to do once he agrees. */
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const preview = useRef<BulletinPreviewHandle>(null);

  const issued = current?.summary?.status === 'issued';
  const unsaved = current !== null && current.id === null;

  const loadList = useCallback(() => call('bulletins.list', {}).then((r) => setList(r.bulletins)), []);

  useEffect(() => {
    call('stats.schemes', {}).then((r) => {
      setSchemes(r.schemes);
      setSchemeId((id) => id || r.schemes[0]?.id || '');
    }).catch((e) => setError(messageOf(e)));
    call('bulletins.templates', {}).then((r) => setTemplates(r.templates)).catch((e) => setError(messageOf(e)));
    loadList().catch((e) => setError(messageOf(e)));
  }, [loadList]);

  /** Runs one call with the busy label shown and its error, if any, in the page. */
  const run = useCallback(async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    setNotice(null);
    try { await work(); } catch (e) { setError(messageOf(e)); } finally { setBusy(null); }
  }, []);

  /** Shows the next bulletin, asking first when the clerk's words or charts in a fresh draft would be lost. */
  const replaceWith = (next: Current, also: () => void = () => undefined) => {
    const show = () => { setCurrent(next); also(); };
    const losing = current !== null && current.id === null
      && (current.document.sections.some((s) => s.edited !== null) || current.document.charts.length > 0);
    if (losing) setLeaving(() => show);
    else show();
  };

  const draft = () => run('起草中…', async () => {
    const query: BulletinDraftQuery = { period: period.trim(), scheme: schemeId, template: templateId };
    const r = await call('bulletins.draft', query);
    replaceWith({ id: null, summary: null, query, ...r });
  });

  const open = (id: number) => run('打开中…', async () => {
    const s = await call('bulletins.open', { id });
    // The pickers follow the bulletin opened, so 起草 drafts the same period and template again.
    replaceWith(currentOf(s), () => {
      setPeriod(s.bulletin.period);
      setTemplateId(s.bulletin.template);
      if (schemes.some((x) => x.id === s.bulletin.scheme)) setSchemeId(s.bulletin.scheme);
    });
  });

  /** A saved draft stores every edit at once; a fresh one keeps it in the page until 保存草稿. */
  const applyEdit = (key: string, edited: string | null) => run('排版中…', async () => {
    if (!current) return;
    if (current.id !== null) {
      const s = edited === null ? await call('bulletins.resetSection', { id: current.id, key }) : await call('bulletins.save', { id: current.id, edits: [{ key, edited }] });
      setCurrent(currentOf(s));
      await loadList();
      return;
    }
    const document = { ...current.document, sections: current.document.sections.map((s) => (s.key === key ? { ...s, edited } : s)) };
    const pages = await call('bulletins.pages', { document });
    setCurrent({ ...current, document, ...pages });
  });

  /** Charts added or removed: a saved draft stores them at once, a fresh one holds them until saved. */
  const chartsChanged = (next: { document: BulletinDocument; html: string; pages: number }) => run('保存中…', async () => {
    if (!current) return;
    if (current.id === null) { setCurrent({ ...current, ...next }); return; }
    setCurrent(currentOf(await call('bulletins.save', { id: current.id, charts: next.document.charts })));
    await loadList();
  });

  /** The fresh draft stored (its figures taken by the ledger, the clerk's words and charts kept); its id. */
  const saveFresh = async (c: Current): Promise<Current> => {
    const edits = c.document.sections.filter((s) => s.edited !== null).map((s) => ({ key: s.key, edited: s.edited }));
    const saved = currentOf(await call('bulletins.save', { query: c.query, edits, charts: c.document.charts }));
    setCurrent(saved);
    await loadList();
    return saved;
  };

  const save = () => run('保存中…', async () => {
    if (current?.id === null) await saveFresh(current);
    setNotice('草稿已保存；此后的修改随改随存');
  });

  const regenerate = () => run('重新生成数字…', async () => {
    if (!current) return;
    const c = current.id === null ? await saveFresh(current) : current;
    setCurrent(currentOf(await call('bulletins.regenerate', { id: c.id! })));
    await loadList();
    setNotice('已按台账最新数据重新生成数字；改过的段落保留了您的文字');
  });

  const issue = async (choice: IssueChoice) => {
    if (!current) return;
    setBusy('印发中…');
    setIssueError(null);
    try {
      const c = current.id === null ? await saveFresh(current) : current;
      setCurrent(currentOf(await call('bulletins.issue', { id: c.id!, ...choice })));
      setIssuing(false);
      await loadList();
      setNotice('已印发：数字和文字已冻结，可随时重新打印或导出');
    } catch (e) {
      setIssueError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = () => run('删除中…', async () => {
    if (current?.id == null) return;
    await call('bulletins.delete', { id: current.id });
    setDeleting(false);
    setCurrent(null);
    await loadList();
    setNotice('草稿已删除');
  });

  const exportAs = (format: BulletinFormat) => run('正在生成文件…', async () => {
    if (!current) return;
    // A stored bulletin is made by the ledger from what it keeps (an issued one from its snapshot).
    const file = current.id !== null ? await call('bulletins.render', { format, id: current.id }) : await call('bulletins.render', { format, document: current.document });
    downloadBase64(file.fileName, file.base64);
  });

  /** New header settings: a draft on screen shows them at once (the ledger applies them on open too). */
  const settingsSaved = (settings: BulletinHeaderSettings, proposal: BulletinNumberProposal) => run('排版中…', async () => {
    if (!current || issued) return;
    if (current.id !== null) { setCurrent(currentOf(await call('bulletins.open', { id: current.id }))); return; }
    const header = { ...current.document.header, ...settings, docYear: proposal.docYear, docNumber: proposal.docNumber, issueNo: proposal.issueNo };
    const document = { ...current.document, header };
    setCurrent({ ...current, document, ...(await call('bulletins.pages', { document })) });
  });

  const settingsStyle: HeaderStyle = current?.document.header.style ?? templates.find((t) => t.id === templateId)?.style ?? 'redhead';
  const idle = busy === null;

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
        <button type="button" className="primary" onClick={draft} disabled={!idle || !schemeId || !period.trim()}>起草</button>
        <button type="button" onClick={() => setShowSettings((v) => !v)} aria-expanded={showSettings}>版头设置</button>
        {busy && <span className="muted" role="status">{busy}</span>}
      </div>
      {showSettings && <HeaderSettingsForm style={settingsStyle} onSaved={settingsSaved} onClose={() => setShowSettings(false)} />}
      <BulletinList bulletins={list} currentId={current?.id ?? null} busy={!idle} onOpen={open} />
      {error && <div className="error-text" role="alert">{error}</div>}
      {notice && !error && <div className="bulletin-notice" role="status">{notice}</div>}
      {current ? (
        <>
          <div className="toolbar bulletin-actions">
            <span className={`bulletin-status bulletin-status-${issued ? 'issued' : 'draft'}`}>{issued ? '已印发' : unsaved ? '未保存的草稿' : '草稿'}</span>
            <span className="bulletin-current-title" title={current.document.header.title}>
              {issued ? `${current.summary!.numberText} · ${current.summary!.issuedAt!.slice(0, 10)} 印发 · 数据截至 ${current.summary!.asOf.slice(0, 16)}（只读）` : `${current.query.period} · 数据截至 ${current.summary?.asOf.slice(0, 16) ?? '起草时'}`}
            </span>
            {!issued && (
              <>
                {unsaved && <button type="button" className="primary" onClick={save} disabled={!idle}>保存草稿</button>}
                <button type="button" onClick={regenerate} disabled={!idle} title="按台账最新数据重新计算数字，改过的段落保留您的文字">重新生成数字</button>
                <button type="button" onClick={() => { setIssueError(null); setIssuing(true); }} disabled={!idle}>印发…</button>
                {!unsaved && <button type="button" onClick={() => setDeleting(true)} disabled={!idle}>删除草稿</button>}
              </>
            )}
            <span className="spacer" />
            {EXPORTS.map((x) => (
              <button key={x.format} type="button" onClick={() => exportAs(x.format)} disabled={!idle}>{x.label}</button>
            ))}
            <button type="button" onClick={() => preview.current?.print()} disabled={!idle}>{issued ? '重新打印' : '打印'}</button>
            {idle && <span className="muted">共 {current.pages} 页</span>}
          </div>
          {!issued && <ChartPicker query={current.query} document={current.document} busy={!idle} onChange={chartsChanged} />}
          <div className="bulletin-body">
            {!issued && <SectionEditor sections={current.document.sections} busy={!idle} onApply={applyEdit} />}
            <BulletinPreview ref={preview} html={current.html} />
          </div>
        </>
      ) : (
        <div className="muted bulletin-empty">选择期间、考评方案和模板后点“起草”：通报按台账数据自动起草，可逐段修改、保存草稿，印发后冻结数字并可随时重新打印；或在上面的列表中打开已保存的通报。</div>
      )}
      {issuing && current && (
        <IssueDialog header={current.document.header} busy={!idle} error={issueError}
          onIssue={(c) => void issue(c)} onCancel={() => setIssuing(false)} />
      )}
      {deleting && current && (
        <ConfirmDialog title="删除草稿" confirmLabel="删除" busy={!idle} onConfirm={remove} onCancel={() => setDeleting(false)}>
          <p>删除草稿《{current.document.header.title}》？删除后不再出现在列表中（台账操作记录中仍有记载）。</p>
        </ConfirmDialog>
      )}
      {leaving && (
        <ConfirmDialog title="放弃未保存的草稿" confirmLabel="放弃修改" onConfirm={() => { leaving(); setLeaving(null); }} onCancel={() => setLeaving(null)}>
          <p>当前草稿尚未保存，继续将丢失其中的修改。需要保留请先点“保存草稿”。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
