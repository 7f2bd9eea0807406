// PDF (and chart pictures) from the page HTML through the kept-open headless Chromium (serve and CLI
// mode; chromium.ts), or through the PagePrinter the Electron main process registers (pagePrinter.ts).
// The pages are already A4 boxes: Chromium only prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHtml, setChromiumEnv, withChromiumPage } from './chromium';

/** Where Debian puts the substitutes for the office fonts (gongwen.md: fonts on Linux). */
const EXTRA_FONT_DIRS = ['/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol'];

const ALIASES: [string, string[]][] = [
  ['仿宋_GB2312', ['FandolFang', 'AR PL UKai CN', 'Noto Serif CJK SC']],
  ['仿宋', ['FandolFang', 'AR PL UKai CN', 'Noto Serif CJK SC']],
  ['FangSong', ['FandolFang', 'Noto Serif CJK SC']],
  ['楷体_GB2312', ['AR PL UKai CN', 'FandolKai', 'Noto Serif CJK SC']],
  ['楷体', ['AR PL UKai CN', 'FandolKai', 'Noto Serif CJK SC']],
  ['黑体', ['Noto Sans CJK SC', 'FandolHei']],
  ['宋体', ['Noto Serif CJK SC', 'FandolSong']],
  ['方正小标宋简体', ['Noto Serif CJK SC', 'FandolSong']],
  ['Times New Roman', ['Liberation Serif', 'DejaVu Serif']],
];

/**
 * A fontconfig file that adds the substitutes' folders and maps the Windows font names to them,
 * written once per process into the temp folder. Pass it as FONTCONFIG_FILE to Chromium and
 * LibreOffice; the machine's own configuration is included, never changed.
 */
export function fontConfigFile(): string {
  const dir = path.join(os.tmpdir(), 'hotline-fonts');
  const file = path.join(dir, 'fonts.conf');
  const dirs = EXTRA_FONT_DIRS.filter((d) => fs.existsSync(d)).map((d) => `  <dir>${d}</dir>`).join('\n');
  const aliases = ALIASES.map(([family, prefer]) =>
    `  <alias binding="same"><family>${family}</family><prefer>${prefer.map((p) => `<family>${p}</family>`).join('')}</prefer></alias>`,
  ).join('\n');
  const text = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${dirs}
  <cachedir>${path.join(dir, 'cache')}</cachedir>
${aliases}
</fontconfig>
`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.tmp${process.pid}`, text);
    fs.renameSync(`${file}.tmp${process.pid}`, file);
  }
  return file;
}

/**
 * What prints pages and shoots pictures when not the headless Chromium of this module: the
 * Electron main process registers one built on its own window (webContents.printToPDF and
 * capturePage), since an office PC has no /usr/bin/chromium. Services never import electron.
 */
export interface PagePrinter {
  pdf(html: string): Promise<Buffer>;
  png(html: string, widthPx: number, heightPx: number, scale: number): Promise<Buffer>;
}
let pagePrinter: PagePrinter | null = null;
export function usePagePrinter(p: PagePrinter | null): void {
  pagePrinter = p;
}

/** The PDF bytes of a complete HTML document of A4 page boxes, printed by the kept-open Chromium. */
export async function pdfFromHtml(html: string): Promise<Buffer> {
  if (pagePrinter) return pagePrinter.pdf(html);
  setChromiumEnv({ FONTCONFIG_FILE: fontConfigFile() });
  return withChromiumPage(async (b) => {
    await loadHtml(b, html);
    // The pages are already A4 boxes with their own margins: Chromium only prints them.
    const { data } = await b.send('Page.printToPDF', {
      preferCSSPageSize: true, printBackground: true, marginTop: 0, marginBottom: 0, marginLeft: 0, marginRight: 0,
    }) as { data: string };
    return Buffer.from(data, 'base64');
  });
}

/**
 * A PNG of an SVG drawing (a chart) at `scale` device pixels per CSS pixel, shot by the kept-open
 * Chromium with the same fonts as the PDF: the .docx carries it as the picture's fallback for
 * Word and WPS versions that cannot draw SVG.
 */
export async function pngFromSvg(svg: string, widthPx: number, heightPx: number, scale = 3): Promise<Buffer> {
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`;
  if (pagePrinter) return pagePrinter.png(html, widthPx, heightPx, scale);
  setChromiumEnv({ FONTCONFIG_FILE: fontConfigFile() });
  return withChromiumPage(async (b) => {
    await b.send('Emulation.setDeviceMetricsOverride', { width: Math.ceil(widthPx), height: Math.ceil(heightPx), deviceScaleFactor: scale, mobile: false });
    try {
      await loadHtml(b, html);
      const { data } = await b.send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: widthPx, height: heightPx, scale: 1 } }) as { data: string };
      return Buffer.from(data, 'base64');
    } finally {
      await b.send('Emulation.clearDeviceMetricsOverride');
    }
  });
}
