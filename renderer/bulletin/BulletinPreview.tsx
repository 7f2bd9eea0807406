// The A4 pages as the main side laid them out, shown unchanged. The HTML has no scripts; the
// frame is sandboxed without allow-scripts, same-origin only so that 打印 can call its print()
// and the page keeps its place when the clerk's edit reloads the pages.
import { useImperativeHandle, useRef, type Ref } from 'react';

export interface BulletinPreviewHandle {
  print: () => void;
}

export function BulletinPreview({ html, ref }: { html: string; ref?: Ref<BulletinPreviewHandle> }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const scrollY = useRef(0);
  useImperativeHandle(ref, () => ({ print: () => frame.current?.contentWindow?.print() }), []);
  const onLoad = () => {
    const win = frame.current?.contentWindow;
    if (!win) return;
    win.scrollTo(0, scrollY.current);
    win.addEventListener('scroll', () => { scrollY.current = win.scrollY; });
  };
  return <iframe ref={frame} className="bulletin-preview" title="通报预览" sandbox="allow-same-origin allow-modals" srcDoc={html} onLoad={onLoad} />;
}
