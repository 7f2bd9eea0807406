// The desktop app's printer for the bulletin: an office PC has no separate Chromium, so a hidden
// window of the app's own prints the page HTML to PDF (webContents.printToPDF) and shoots the
// charts' pictures for the .docx (the DevTools protocol's screenshot at a chosen pixel scale).
// One job at a time, each in a fresh window that is destroyed afterwards. Types only from
// 'electron' (see window.ts): the BrowserWindow class is passed in by main.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { PagePrinter } from './services/bulletin/pdf';

/** A4 at 96 dpi: the window's size while it prints (the pages set their own size with @page). */
const A4_PX = { width: 794, height: 1123 };

export function hiddenWindowPrinter(Window: typeof BrowserWindow, tempDir: string): PagePrinter {
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;

  /** Loads the HTML (from a temp file: data URLs are limited in size) into a fresh hidden window and runs `work` on it. */
  function withPage<T>(html: string, size: { width: number; height: number }, work: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const job = async () => {
      const file = path.join(tempDir, `hotline-print-${process.pid}-${++seq}.html`);
      const win = new Window({
        show: false,
        width: size.width,
        height: size.height,
        useContentSize: true,
        paintWhenInitiallyHidden: true,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, spellcheck: false },
      });
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      try {
        fs.writeFileSync(file, html);
        await win.loadFile(file);
        await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)');
        return await work(win);
      } finally {
        win.destroy();
        fs.rmSync(file, { force: true });
      }
    };
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    pdf: (html) => withPage(html, A4_PX, (win) => win.webContents.printToPDF({
      preferCSSPageSize: true,
      printBackground: true,
      margins: { top: 0, right: 0, bottom: 0, left: 0 },
    })),
    png: (html, widthPx, heightPx, scale) => withPage(html, { width: Math.ceil(widthPx), height: Math.ceil(heightPx) }, async (win) => {
      const cdp = win.webContents.debugger;
      cdp.attach('1.3');
      try {
        await cdp.sendCommand('Emulation.setDeviceMetricsOverride', { width: Math.ceil(widthPx), height: Math.ceil(heightPx), deviceScaleFactor: scale, mobile: false });
        const shot = await cdp.sendCommand('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: widthPx, height: heightPx, scale: 1 } }) as { data: string };
        return Buffer.from(shot.data, 'base64');
      } finally {
        cdp.detach();
      }
    }),
  };
}
