// 版头设置: what the office prints above and below every bulletin of a header style — organ,
// 文号 prefix and year (the next number proposed from those issued), 主送, 抄送, 印发机关,
// 附注, 共印份数. Remembered in the ledger; drafting takes them instead of the template's.
import { useEffect, useState } from 'react';
import { call, messageOf } from '../api';
import { HEADER_STYLE_LABEL, type HeaderStyle } from '../../shared/bulletin/model';
import type { BulletinHeaderSettings, BulletinNumberProposal } from '../../shared/contract/bulletins';

interface Props {
  style: HeaderStyle;
  onSaved: (settings: BulletinHeaderSettings, proposal: BulletinNumberProposal) => void;
  /** In the 通报 page the form folds away; in 设置 it stays. */
  onClose?: () => void;
}

const ORGAN_LABEL: Record<HeaderStyle, string> = { redhead: '发文机关标志', inspection: '督查通报标识', brief: '简报名称' };

type TextKey = 'organ' | 'docPrefix' | 'briefUnit' | 'mainTo' | 'signature' | 'note' | 'copyTo' | 'printOrgan';

export function HeaderSettingsForm({ style, onSaved, onClose }: Props) {
  const [settings, setSettings] = useState<BulletinHeaderSettings | null>(null);
  const [proposal, setProposal] = useState<BulletinNumberProposal | null>(null);
  const [year, setYear] = useState('');
  const [copies, setCopies] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setSettings(null);
    call('bulletins.headerSettings', { style }).then((r) => {
      setSettings(r.settings);
      setProposal(r.proposal);
      setYear(r.settings.docYear == null ? '' : String(r.settings.docYear));
      setCopies(r.settings.copies == null ? '' : String(r.settings.copies));
    }).catch((e) => setError(messageOf(e)));
  }, [style]);

  if (!settings) return <div className="bulletin-settings">{error ? <div className="error-text" role="alert">{error}</div> : <span className="muted">读取版头设置…</span>}</div>;

  const text = (key: TextKey, label: string, wide = false, hint?: string) => (
    <label className={wide ? 'wide' : undefined}>{label}
      <input aria-label={label} value={settings[key]} placeholder={hint}
        onChange={(e) => { setSettings({ ...settings, [key]: e.target.value }); setSaved(false); }} />
    </label>
  );

  const save = async () => {
    setError(null);
    const y = year.trim();
    const c = copies.trim();
    if (y && !/^\d{4}$/.test(y)) return setError('文号年份应为四位数字，如 2026；留空表示印发当年');
    if (c && !/^[1-9]\d{0,5}$/.test(c)) return setError('共印份数应为正整数；留空表示不印“共印N份”');
    setBusy(true);
    try {
      const r = await call('bulletins.saveHeaderSettings', { style, settings: { ...settings, docYear: y ? Number(y) : null, copies: c ? Number(c) : null } });
      setSettings(r.settings);
      setProposal(r.proposal);
      setSaved(true);
      onSaved(r.settings, r.proposal);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bulletin-settings" aria-label="版头设置" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="bulletin-settings-head">
        <b>版头设置 · {HEADER_STYLE_LABEL[style]}</b>
        <span className="muted">本单位每期通报共用；保存后起草和印发都按此排版。</span>
        <span className="spacer" />
        {onClose && <button type="button" className="link" onClick={onClose}>收起</button>}
      </div>
      <div className="bulletin-settings-grid">
        {text('organ', ORGAN_LABEL[style], true)}
        {style === 'brief' ? text('briefUnit', '编印单位', true) : (
          <>
            {text('docPrefix', '文号前缀', false, '如 白政办发')}
            <label>文号年份
              <input aria-label="文号年份" value={year} placeholder="留空为印发当年" onChange={(e) => { setYear(e.target.value); setSaved(false); }} size={10} />
            </label>
          </>
        )}
        {text('mainTo', '主送', true)}
        {text('signature', '署名', false)}
        {text('note', '附注', false, '联系人：… 电话：…')}
        {text('copyTo', '抄送', true)}
        {text('printOrgan', '印发机关', false)}
        <label>共印份数
          <input aria-label="共印份数" value={copies} placeholder="留空不印" onChange={(e) => { setCopies(e.target.value); setSaved(false); }} size={8} />
        </label>
      </div>
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>保存版头设置</button>
        {proposal && <span className="muted">下一期将用：<b>{proposal.text}</b>（已印发的最后一号 + 1，印发时可改）</span>}
        {saved && <span className="ok-text" role="status">已保存</span>}
        {error && <span className="error-text" role="alert">{error}</span>}
      </div>
    </form>
  );
}
