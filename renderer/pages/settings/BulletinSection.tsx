// 设置 → 通报版头: the same header settings the 通报 page edits, per header style, for an office
// that sets them once before its first bulletin.
import { useState } from 'react';
import { HEADER_STYLES, HEADER_STYLE_LABEL, type HeaderStyle } from '../../../shared/bulletin/model';
import { HeaderSettingsForm } from '../../bulletin/HeaderSettingsForm';
import '../../bulletin.css';

export default function BulletinSection() {
  const [style, setStyle] = useState<HeaderStyle>('redhead');
  return (
    <div>
      <label>版头样式
        <select aria-label="版头样式" value={style} onChange={(e) => setStyle(e.target.value as HeaderStyle)}>
          {HEADER_STYLES.map((s) => <option key={s} value={s}>{HEADER_STYLE_LABEL[s]}</option>)}
        </select>
      </label>
      <HeaderSettingsForm style={style} onSaved={() => undefined} />
    </div>
  );
}
