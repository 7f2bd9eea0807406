// The A4 pages as the main side laid them out, unchanged but for a zoom that fits a page's width
// into a narrow window (taken off for printing). The HTML has no scripts; the
// frame is sandboxed without allow-scripts, same-origin only so that 打印 can call its print()
// and the page keeps its place when the clerk's edit reloads the pages.
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';

export interface BulletinPreviewHandle {
  print: () => void;
}

/** Room beside a page in the frame (its shadow, the scroll bar), in CSS pixels. */
const PAGE_GUTTER_PX = 24;

/**
 * The zoom that fits a page's width into the frame: a narrow window (1280 px) showed the page
 * cut off at the right. Never above 1: on a wide screen the page is shown at its printed size.
 */
function fitZoom(frame: HTMLIFrameElement): string {
  const page = frame.contentDocument?.querySelector<HTMLElement>('.page');
  if (!page) return '';
  const zoom = Math.min(1, frame.clientWidth / (page.offsetWidth + PAGE_GUTTER_PX));
  return zoom < 1 ? zoom.toFixed(3) : '';
}

export function BulletinPreview({ html, ref }: { html: string; ref?: Ref<BulletinPreviewHandle> }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const scrollY = useRef(0);
  useImperativeHandle(ref, () => ({ print: () => frame.current?.contentWindow?.print() }), []);
  const fit = () => {
    const root = frame.current?.contentDocument?.documentElement;
    if (root) root.style.zoom = fitZoom(frame.current!);
  };
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const onLoad = () => {
    const win = frame.current?.contentWindow;
    if (!win) return;
    fit();
    win.scrollTo(0, scrollY.current);
    win.addEventListener('scroll', () => { scrollY.current = win.scrollY; });
    // Printed at the size laid out (A4), whatever the zoom on screen.
    win.addEventListener('beforeprint', () => { win.document.documentElement.style.zoom = ''; });
    win.addEventListener('afterprint', fit);
  };
  return <iframe ref={frame} className="bulletin-preview" title="通报预览" sandbox="allow-same-origin allow-modals" srcDoc={html} onLoad={onLoad} />;
}
