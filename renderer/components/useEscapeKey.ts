// Esc closes the open dialog, as its 取消 / 关闭 button would: clerks press it out of habit, and a
// dialog that ignored it stayed over the page.
import { useEffect, useRef } from 'react';

/** While `close` is not null, Esc calls it (null: no dialog open, or one that must stay, e.g. while it saves). */
export function useEscapeKey(close: (() => void) | null): void {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !latest.current) return;
      e.preventDefault(); // one Esc closes one dialog
      latest.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
