// Paragraphs are plain text; their heading level follows from the numbering the clerk types,
// as GB/T 9704 prescribes it: 一、 in 黑体, （一） in 楷体 (often run into its paragraph),
// 1. in 仿宋 bold, and 一是……。 with a bold lead. So the editor stays a plain text box.

export type FontRole = 'fang' | 'hei' | 'kai' | 'song' | 'xbs';

export interface Run {
  text: string;
  font: FontRole;
  bold: boolean;
}

export type ParagraphLevel = 'h1' | 'h2' | 'h3' | 'lead' | 'body';

export interface StyledParagraph {
  level: ParagraphLevel;
  runs: Run[];
}

const CN_NUM = '[一二三四五六七八九十]+';
const H1 = new RegExp(`^${CN_NUM}、`);
const H2 = new RegExp(`^[（(]${CN_NUM}[）)]`);
const H3 = /^\d{1,2}[.．]/;
const LEAD = new RegExp(`^(?:${CN_NUM}是|首先|其次|再次|最后)`);

/** The heading level of one paragraph's text. */
export function paragraphLevel(text: string): ParagraphLevel {
  const t = text.trimStart();
  if (H1.test(t)) return 'h1';
  if (H2.test(t)) return 'h2';
  if (H3.test(t)) return 'h3';
  if (LEAD.test(t)) return 'lead';
  return 'body';
}

/** Where a run-in heading ends: after its first 。 or ：, when text follows it. */
function runInEnd(text: string): number {
  const m = /[。：:]/.exec(text);
  if (!m || m.index >= text.length - 1) return -1;
  return m.index + 1;
}

/** One paragraph's text split into runs with the fonts of its heading level. */
export function styleParagraph(raw: string): StyledParagraph {
  const text = raw.trim();
  const level = paragraphLevel(text);
  const whole = (font: FontRole, bold: boolean): StyledParagraph => ({ level, runs: [{ text, font, bold }] });
  const split = (font: FontRole, bold: boolean): StyledParagraph => {
    const end = runInEnd(text);
    if (end < 0) return whole(font, bold);
    return { level, runs: [{ text: text.slice(0, end), font, bold }, { text: text.slice(end), font: 'fang', bold: false }] };
  };
  switch (level) {
    case 'h1': return whole('hei', false);
    case 'h2': return split('kai', false);
    case 'h3': return split('fang', true);
    case 'lead': return split('fang', true);
    default: return whole('fang', false);
  }
}

/** The paragraphs of a section's text: one per non-empty line. */
export function paragraphsOf(sectionText: string): string[] {
  return sectionText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}
