// Editing one section's text: plain paragraphs, one per line; the heading level follows from
// the numbering typed (一、 （一） 1. 一是), so no formatting controls are needed.
import { useEffect, useState } from 'react';
import { sectionText, type BulletinSection } from '../../shared/bulletin/model';

interface Props {
  sections: BulletinSection[];
  busy: boolean;
  /** edited = null resets the section to the drafted text. */
  onApply: (key: string, edited: string | null) => void;
}

export function SectionEditor({ sections, busy, onApply }: Props) {
  const [key, setKey] = useState(sections[0]?.key ?? '');
  const section = sections.find((s) => s.key === key) ?? sections[0];
  const [text, setText] = useState(section ? sectionText(section) : '');
  // A new draft or another section: show that section's current text.
  useEffect(() => setText(section ? sectionText(section) : ''), [section]);
  if (!section) return null;
  const changed = text !== sectionText(section);
  return (
    <div className="bulletin-editor">
      <label>段落
        <select aria-label="编辑段落" value={section.key} onChange={(e) => setKey(e.target.value)}>
          {sections.map((s) => <option key={s.key} value={s.key}>{s.label}{s.edited !== null ? '（已修改）' : ''}</option>)}
        </select>
      </label>
      <textarea aria-label="段落文字" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy || !changed}
          onClick={() => onApply(section.key, text === section.drafted ? null : text)}>应用修改</button>
        <button type="button" disabled={busy || section.edited === null} onClick={() => onApply(section.key, null)}>恢复起草文字</button>
        <span className="muted">每行一段；以“一、”“（一）”“1.”“一是”开头的行按公文标题层次排版</span>
      </div>
    </div>
  );
}
