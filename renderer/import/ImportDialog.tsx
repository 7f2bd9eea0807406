// 导入工单: choose a file → preview (columns, unknown units and values, counts, rejected rows,
// changes) → map what is left by hand → confirm → summary; and the list of earlier imports
// with undo. Nothing is written before the clerk confirms.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, call, fileToBase64, messageOf } from '../api';
import { useEscapeKey } from '../components/useEscapeKey';
import {
  IMPORT_TARGETS,
  type ColumnMapping, type ImportBatch, type ImportPreview, type ImportSummary, type SavedMapping, type Unit, type UnknownDecision,
  type Dictionaries,
} from '../../shared/api';
import './import.css';

type Step = { kind: 'choose' } | { kind: 'preview'; preview: ImportPreview } | { kind: 'done'; summary: ImportSummary };

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

const DICT_OF_FIELD = { category: 'category', channel: 'channel', appealType: 'appealType' } as const;

export function ImportDialog({ open, onClose, onImported }: Props) {
  const [tab, setTab] = useState<'import' | 'batches'>('import');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [mappingName, setMappingName] = useState('');
  const [saveAs, setSaveAs] = useState('');
  const [decisions, setDecisions] = useState<Record<string, UnknownDecision>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missingOrderNo, setMissingOrderNo] = useState<string[] | null>(null);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [dicts, setDicts] = useState<Dictionaries | null>(null);
  // The ledger changed (an import or an undo): the page refreshes when the dialog closes, so the
  // clerk reads the summary first.
  const [changed, setChanged] = useState(false);
  const close = () => (changed ? onImported() : onClose());
  useEscapeKey(open && !busy ? close : null);

  useEffect(() => {
    if (!open) return;
    setTab('import');
    setStep({ kind: 'choose' });
    setFile(null);
    setMapping({});
    setDecisions({});
    setError(null);
    setMissingOrderNo(null);
    setSaveAs('');
    setChanged(false);
    call('imports.mappings', {}).then((r) => setSaved(r.mappings)).catch(() => setSaved([]));
    call('units.list', {}).then((r) => setUnits(r.units)).catch(() => setUnits([]));
    call('dictionaries.get', {}).then(setDicts).catch(() => setDicts(null));
  }, [open]);

  if (!open) return null;

  async function runPreview(next: { file?: typeof file; mapping?: ColumnMapping; decisions?: Record<string, UnknownDecision>; mappingName?: string }) {
    const f = next.file ?? file;
    if (!f) return;
    setBusy(true);
    setError(null);
    setMissingOrderNo(null);
    try {
      const name = next.mappingName ?? mappingName;
      const preview = await call('imports.preview', {
        file: f,
        mapping: next.mapping ?? mapping,
        decisions: Object.values(next.decisions ?? decisions),
        ...(name ? { mappingName: name } : {}),
      });
      setStep({ kind: 'preview', preview });
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { columns?: string[] } | undefined) : undefined;
      if (details?.columns) setMissingOrderNo(details.columns);
      setError(messageOf(e));
      setStep({ kind: 'choose' });
    } finally {
      setBusy(false);
    }
  }

  async function chooseFile(list: FileList | null) {
    const chosen = list?.[0];
    if (!chosen) return;
    const f = { fileName: chosen.name, base64: await fileToBase64(chosen) };
    setFile(f);
    setMapping({});
    setDecisions({});
    await runPreview({ file: f, mapping: {}, decisions: {} });
  }

  function mapColumn(header: string, target: string) {
    const next = { ...mapping, [header]: target as ColumnMapping[string] };
    setMapping(next);
    void runPreview({ mapping: next });
  }

  function decide(d: UnknownDecision) {
    const next = { ...decisions, [`${d.field}\u0000${d.name}`]: d };
    setDecisions(next);
    void runPreview({ decisions: next });
  }

  async function commit() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const summary = await call('imports.commit', {
        file,
        mapping,
        decisions: Object.values(decisions),
        ...(mappingName ? { mappingName } : {}),
        ...(saveAs.trim() && Object.keys(mapping).length > 0 ? { saveMappingAs: saveAs.trim() } : {}),
      });
      setStep({ kind: 'done', summary });
      setChanged(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-label="导入工单">
      <div className="modal import-dialog">
        <h2>导入工单</h2>
        <div className="tabs">
          <button type="button" className={tab === 'import' ? 'active' : ''} onClick={() => setTab('import')}>导入文件</button>
          <button type="button" className={tab === 'batches' ? 'active' : ''} onClick={() => setTab('batches')}>导入记录</button>
        </div>
        {tab === 'batches' ? (
          <>
            <BatchList onUndone={() => setChanged(true)} />
            <div className="actions"><button type="button" onClick={close}>关闭</button></div>
          </>
        ) : (
          <>
            {step.kind !== 'done' ? (
              <section>
                <label>
                  选择市平台导出的表格（.xlsx、.xls、.csv）：{' '}
                  <input type="file" aria-label="选择文件" accept=".xlsx,.xls,.csv" disabled={busy} onChange={(e) => void chooseFile(e.target.files)} />
                </label>
                {saved.length > 0 ? (
                  <label style={{ marginLeft: 16 }}>
                    列映射：{' '}
                    <select aria-label="已保存的列映射" value={mappingName} onChange={(e) => { setMappingName(e.target.value); void runPreview({ mappingName: e.target.value }); }}>
                      <option value="">自动（全部已保存的映射）</option>
                      {saved.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
                    </select>
                  </label>
                ) : null}
              </section>
            ) : null}
            {busy ? <p className="muted">正在读取…</p> : null}
            {error ? <p className="error-text" role="alert">{error}</p> : null}
            {missingOrderNo ? (
              <p>
                请指定哪一列是“工单编号”：{' '}
                <select aria-label="工单编号所在列" defaultValue="" onChange={(e) => e.target.value && mapColumn(e.target.value, 'orderNo')}>
                  <option value="">（选择）</option>
                  {missingOrderNo.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </p>
            ) : null}
            {step.kind === 'preview' ? (
              <PreviewView
                preview={step.preview}
                units={units}
                dicts={dicts}
                onMap={mapColumn}
                onDecide={decide}
                saveAs={saveAs}
                onSaveAs={setSaveAs}
                hasManual={Object.keys(mapping).length > 0}
              />
            ) : null}
            {step.kind === 'done' ? <SummaryView summary={step.summary} /> : null}
            <div className="actions">
              <span className="spacer" />
              {step.kind === 'preview' ? (
                <button type="button" className="primary" disabled={busy || step.preview.counts.new + step.preview.counts.changed === 0} onClick={() => void commit()}>
                  确认导入（新增 {step.preview.counts.new}，更新 {step.preview.counts.changed}）
                </button>
              ) : null}
              <button type="button" onClick={close}>{step.kind === 'done' ? '完成' : '取消'}</button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function PreviewView(props: {
  preview: ImportPreview;
  units: Unit[];
  dicts: Dictionaries | null;
  onMap: (header: string, target: string) => void;
  onDecide: (d: UnknownDecision) => void;
  saveAs: string;
  onSaveAs: (name: string) => void;
  hasManual: boolean;
}) {
  const { preview: p, units, dicts } = props;
  const unmapped = p.columns.filter((c) => !c.target && !c.source).length;
  return (
    <>
      <section>
        <div>
          文件 <b>{p.fileName}</b>，工作表“{p.sheetName}”，表头在第 {p.headerRow} 行，数据 {p.dataRows} 行。
        </div>
        {p.earlierBatches.length > 0 ? (
          <p className="warning-text">
            同一文件已导入过 {p.earlierBatches.length} 次（{p.earlierBatches.map((b) => `批次 #${b.id} ${b.at}${b.undone ? ' 已撤销' : ''}`).join('；')}），再次导入只会更新有变化的工单。
          </p>
        ) : null}
        {p.warnings.map((w) => <p key={w} className="warning-text">{w}</p>)}
      </section>
      <section className="counts" aria-label="预览结果">
        <span>新增 <b>{p.counts.new}</b></span>
        <span>更新 <b>{p.counts.changed}</b></span>
        <span>未变 <b>{p.counts.unchanged}</b></span>
        <span className={p.counts.rejected ? 'error-text' : ''}>拒绝 <b>{p.counts.rejected}</b></span>
      </section>
      <section>
        <h3>列对应{unmapped ? <span className="warning-text">（{unmapped} 列未识别，请指定或选择“不导入”）</span> : null}</h3>
        <div className="scroll">
          <table>
            <thead><tr><th>表格中的列</th><th>示例</th><th>导入为</th></tr></thead>
            <tbody>
              {p.columns.map((c) => (
                <tr key={c.index} className={!c.target && !c.source ? 'unmapped' : ''}>
                  <td>{c.header}</td>
                  <td className="samples" title={c.samples.join(' / ')}>{c.samples.join(' / ')}</td>
                  <td>
                    <select aria-label={`“${c.header}”导入为`} value={c.target ?? 'ignore'} onChange={(e) => props.onMap(c.header, e.target.value)}>
                      <option value="ignore">不导入</option>
                      {IMPORT_TARGETS.map((t) => <option key={t.key} value={t.key}>{t.label}</option>)}
                    </select>
                    {c.source === 'saved' ? <span className="muted"> 已保存的映射</span> : null}
                    {c.note ? <span className="warning-text"> {c.note}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {props.hasManual ? (
          <label>
            把手动指定的列对应保存为：{' '}
            <input aria-label="保存列映射名称" placeholder="如 宁强平台" value={props.saveAs} onChange={(e) => props.onSaveAs(e.target.value)} />
          </label>
        ) : null}
      </section>
      {p.unknowns.length > 0 ? (
        <section>
          <h3>名录中没有的单位和分类</h3>
          <table>
            <thead><tr><th>字段</th><th>表格中的名称</th><th>行数</th><th>处理</th></tr></thead>
            <tbody>
              {p.unknowns.map((u) => (
                <tr key={`${u.field}:${u.name}`}>
                  <td>{u.fieldLabel}</td>
                  <td>{u.name}</td>
                  <td>{u.rows}</td>
                  <td>
                    <select
                      aria-label={`“${u.name}”的处理`}
                      value={u.action === 'map' ? `map:${u.target ?? ''}` : u.action}
                      onChange={(e) => {
                        const v = e.target.value;
                        if (v === 'create' || v === 'reject') props.onDecide({ field: u.field, name: u.name, action: v, ...(u.kind ? { kind: u.kind } : {}) });
                        else props.onDecide({ field: u.field, name: u.name, action: 'map', target: u.field === 'unitId' ? Number(v.slice(4)) : v.slice(4) });
                      }}
                    >
                      <option value="create">{u.field === 'unitId' ? '新建单位' : `新增为${u.fieldLabel}`}</option>
                      <option value="reject">不导入这些行</option>
                      <optgroup label="对应到已有">
                        {u.field === 'unitId'
                          ? units.map((x) => <option key={x.id} value={`map:${x.id}`}>{x.name}</option>)
                          : (dicts?.[DICT_OF_FIELD[u.field]] ?? []).map((x) => <option key={x} value={`map:${x}`}>{x}</option>)}
                      </optgroup>
                    </select>
                    {u.field === 'unitId' && u.action === 'create' ? (
                      <select aria-label={`“${u.name}”的类型`} value={u.kind ?? 'dept'} onChange={(e) => props.onDecide({ field: u.field, name: u.name, action: 'create', kind: e.target.value as 'town' | 'dept' })}>
                        <option value="town">镇街</option>
                        <option value="dept">部门</option>
                      </select>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {p.rejected.length > 0 ? (
        <section>
          <h3 className="error-text">将被拒绝的行（{p.counts.rejected} 行）</h3>
          <div className="scroll">
            <table>
              <thead><tr><th>行</th><th>列</th><th>原因</th></tr></thead>
              <tbody>{p.rejected.map((r, i) => <tr key={i}><td>{r.row}</td><td>{r.column}</td><td>{r.message}</td></tr>)}</tbody>
            </table>
          </div>
        </section>
      ) : null}
      {p.changed.length > 0 ? (
        <details>
          <summary>将更新的工单（{p.counts.changed} 件）及变化的字段</summary>
          <div className="scroll">
            <table>
              <thead><tr><th>行</th><th>工单编号</th><th>变化</th></tr></thead>
              <tbody>
                {p.changed.map((c) => (
                  <tr key={c.orderNo}>
                    <td>{c.row}</td>
                    <td className="mono">{c.orderNo}</td>
                    <td>{c.fields.map((f) => `${f.label}：${f.oldValue ?? '（空）'} → ${f.newValue ?? '（空）'}`).join('；')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </>
  );
}

function SummaryView({ summary: s }: { summary: ImportSummary }) {
  return (
    <section className="import-summary" role="status">
      <p>
        已导入 {s.fileName}（批次 #{s.batch}）：新增 {s.inserted} 件，更新 {s.updated} 件，未变 {s.unchanged} 件，拒绝 {s.rejectedRows} 行。
      </p>
      {s.created.units.length ? <p>新建承办单位：{s.created.units.join('、')}</p> : null}
      {s.created.categories.length ? <p>新增问题分类：{s.created.categories.join('、')}</p> : null}
      {s.created.values.length ? <p>新增可选值：{s.created.values.join('、')}</p> : null}
      <p className="muted">如有误，可在“导入记录”中撤销本批次。</p>
    </section>
  );
}

function BatchList({ onUndone }: { onUndone: () => void }) {
  const [batches, setBatches] = useState<ImportBatch[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useMemo(() => () => call('imports.batches', {}).then((r) => setBatches(r.batches)).catch((e) => setMessage(messageOf(e))), []);
  useEffect(() => { void load(); }, [load]);
  async function undo(b: ImportBatch) {
    if (!window.confirm(`撤销批次 #${b.id}（${b.fileName}）？该批次新增的工单将移入回收站，更新过的字段恢复为导入前的值。`)) return;
    try {
      const r = await call('imports.undo', { batchId: b.id });
      setMessage(`已撤销批次 #${b.id}：恢复 ${r.restored} 件，移除 ${r.removed} 件${r.kept ? `；${r.kept} 个字段在导入后又被修改过，保留了修改后的值` : ''}`);
      onUndone();
      await load();
    } catch (e) {
      setMessage(messageOf(e));
    }
  }
  if (!batches) return <p className="muted">{message ?? '正在读取…'}</p>;
  return (
    <section>
      {message ? <p role="status">{message}</p> : null}
      {batches.length === 0 ? <p className="muted">还没有导入过工单。</p> : (
        <div className="scroll" style={{ maxHeight: 420 }}>
          <table>
            <thead><tr><th>批次</th><th>时间</th><th>文件</th><th>指纹</th><th>新增</th><th>更新</th><th>未变</th><th>拒绝</th><th>操作人</th><th /></tr></thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} className={b.undoneAt ? 'undone' : ''}>
                  <td>#{b.id}</td>
                  <td className="nowrap">{b.at}</td>
                  <td>{b.fileName}</td>
                  <td className="mono" title={b.sha256}>{b.sha256.slice(0, 8)}</td>
                  <td>{b.inserted}</td>
                  <td>{b.updated}</td>
                  <td>{b.unchanged}</td>
                  <td>{b.rejected}</td>
                  <td>{b.who}</td>
                  <td>{b.undoneAt ? <span className="muted">已于 {b.undoneAt} 撤销</span> : <button type="button" onClick={() => void undo(b)}>撤销</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
