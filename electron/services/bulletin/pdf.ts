// PDF from the page HTML through headless Chromium (serve and CLI mode). In Electron the same
// HTML goes through webContents.printToPDF. The pages are already A4 boxes: Chromium only prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/result';

export const CHROMIUM_PATH = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

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

/** The PDF bytes of a complete HTML document of A4 page boxes. */
export async function pdfFromHtml(html: string): Promise<Buffer> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new AppError('internal', `找不到 Chromium（${CHROMIUM_PATH}），无法生成 PDF；可导出 .docx 或在浏览器中打印。`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
    env: { ...process.env, FONTCONFIG_FILE: fontConfigFile() } as Record<string, string>,
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, margin: { top: '0', right: '0', bottom: '0', left: '0' } });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
