// 设置: one section per area of the app (see settings/sections.ts).
import { Suspense, useState } from 'react';
import { SETTINGS_SECTIONS } from './settings/sections';

export default function SettingsPage() {
  const [active, setActive] = useState(SETTINGS_SECTIONS[0].id);
  const section = SETTINGS_SECTIONS.find((s) => s.id === active) ?? SETTINGS_SECTIONS[0];
  const Section = section.component;
  return (
    <div className="page settings-page">
      <h1>设置</h1>
      <div className="tabs" role="tablist">
        {SETTINGS_SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={s.id === section.id} className={s.id === section.id ? 'active' : undefined} onClick={() => setActive(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <section className="settings-body">
        <Suspense fallback={<p>正在加载…</p>}>
          <Section />
        </Suspense>
      </section>
    </div>
  );
}
