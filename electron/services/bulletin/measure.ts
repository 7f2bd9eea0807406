// Text measurement and Chinese line breaking for the app's own page layout. Widths are in em of
// the font size: CJK characters and full-width punctuation are 1 em, Latin and digits take the
// Times New Roman advance (digits 0.5 em). Line breaks follow the 禁则 (no closing punctuation at
// the start of a line, no opening punctuation at its end), the way Word and WPS break.

/** Times New Roman advances (em) for the half-width characters bulletins use. */
const LATIN: Record<string, number> = {
  ' ': 0.25, '.': 0.25, ',': 0.25, ':': 0.278, ';': 0.278, '-': 0.333, '/': 0.278, '%': 0.833, '(': 0.333, ')': 0.333,
  '+': 0.564, '=': 0.564, '#': 0.5, '*': 0.5, '&': 0.778, '@': 0.921, '_': 0.5, "'": 0.18, '"': 0.408, '~': 0.541,
  '?': 0.444, '!': 0.333, '[': 0.333, ']': 0.333, '<': 0.564, '>': 0.564,
};

export function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x30 && c <= 0x39) return 0.5;
  if (c >= 0x41 && c <= 0x5a) return 0.68;
  if (c >= 0x61 && c <= 0x7a) return 0.46;
  if (c < 0x80) return LATIN[ch] ?? 0.5;
  if (c === 0x00b7) return 0.25;
  return 1;
}

export function textEm(text: string): number {
  let w = 0;
  for (const ch of text) w += charEm(ch);
  return w;
}

/** Width in pt of text at a size with a per-character spacing (negative squeezes). */
export function textWidthPt(text: string, size: number, letterSpacing: number): number {
  let w = 0;
  for (const ch of text) w += charEm(ch) * size + letterSpacing;
  return w;
}

const NO_LINE_START = new Set('，。、；：？！）》」』”’〕】…—·%‰℃,.;:?!)]}'.split(''));
const NO_LINE_END = new Set('（《「『“‘〔【([{'.split(''));

/** Latin letters and digits stay together: 231007102349106144, DH202004080005, 96.97 */
function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /[A-Za-z0-9]+(?:[.:][0-9]+)*%?|[\s\S]/gu;
  for (const m of text.matchAll(re)) out.push(m[0]);
  return out;
}

export interface BreakOptions {
  size: number;
  letterSpacing: number;
  /** Width of the first line and of the following lines, in pt. */
  firstWidth: number;
  width: number;
  /**
   * Extra width (pt) counted for each run of Latin letters or digits when breaking, never drawn.
   * Word-style layout (measured in LibreOffice on our .docx) sets a run of digits inside Chinese
   * about half a point wider than its advances add up to; a line that just fits here would wrap
   * there and push every page after it.
   */
  latinPad?: number;
}

/** The text broken into lines that fit the widths. */
export function breakLines(text: string, o: BreakOptions): string[] {
  const toks = tokens(text);
  const pad = o.latinPad ?? 0;
  const widthOf = (t: string) => textWidthPt(t, o.size, o.letterSpacing) + (pad && /^[A-Za-z0-9]/.test(t) ? pad : 0);
  const widths = toks.map(widthOf);
  const lines: string[] = [];
  let i = 0;
  while (i < toks.length) {
    const limit = (lines.length === 0 ? o.firstWidth : o.width) + 0.01;
    let w = 0;
    let j = i;
    while (j < toks.length && w + widths[j] <= limit) w += widths[j++];
    if (j === i) {
      // A token wider than the whole line (a 14-digit 工单编号 in a narrow 备注 column) is broken
      // where the line ends, as Word breaks it; drawn whole it would be cut off at the cell edge.
      const [head, tail] = splitAtWidth(toks[i], limit, o);
      if (tail) {
        toks.splice(i, 1, head, tail);
        widths.splice(i, 1, widthOf(head), widthOf(tail));
      }
      j = i + 1;
    }
    if (j < toks.length) {
      // 禁则: pull characters down so the next line does not start with closing punctuation
      // and this one does not end with opening punctuation.
      let k = j;
      while (k > i + 1 && (NO_LINE_START.has(toks[k]) || NO_LINE_END.has(toks[k - 1]))) k--;
      if (k > i) j = k;
    }
    lines.push(toks.slice(i, j).join(''));
    i = j;
  }
  return lines.length ? lines : [''];
}

/** The longest head of a token that fits the width (at least one character), and the rest. */
function splitAtWidth(token: string, width: number, o: BreakOptions): [string, string] {
  const chars = [...token];
  let k = 0;
  let w = 0;
  for (; k < chars.length; k++) {
    const c = textWidthPt(chars[k], o.size, o.letterSpacing);
    if (w + c > width) break;
    w += c;
  }
  k = Math.max(k, 1);
  return [chars.slice(0, k).join(''), chars.slice(k).join('')];
}

/** A title broken into lines of nearly equal length (GB/T 9704: 回行时要词意完整、排列对称). */
export function balancedLines(text: string, o: Omit<BreakOptions, 'firstWidth'>): string[] {
  const natural = breakLines(text, { ...o, firstWidth: o.width });
  if (natural.length <= 1) return natural;
  const total = textWidthPt(text, o.size, o.letterSpacing);
  // Narrow the measure until the line count would grow: the lines come out even.
  let best = natural;
  for (let w = Math.ceil(total / natural.length); w < o.width; w += o.size / 2) {
    const tryLines = breakLines(text, { ...o, firstWidth: w, width: w });
    if (tryLines.length === natural.length) { best = tryLines; break; }
  }
  return best;
}
