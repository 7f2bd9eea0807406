// One line of feedback at the bottom of the window: what just happened, or why it was refused.
import { useEffect, useState } from 'react';

export type ToastKind = 'info' | 'error';
type Listener = (t: { text: string; kind: ToastKind; at: number }) => void;
const listeners = new Set<Listener>();

export function showToast(text: string, kind: ToastKind = 'info'): void {
  for (const l of listeners) l({ text, kind, at: Date.now() });
}

export function ToastHost() {
  const [toast, setToast] = useState<{ text: string; kind: ToastKind; at: number } | null>(null);
  useEffect(() => {
    const l: Listener = (t) => setToast(t);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), toast.kind === 'error' ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast) return null;
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} onClick={() => setToast(null)}>
      {toast.text}
    </div>
  );
}
