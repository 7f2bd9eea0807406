// Two-character tokens for free-text search. Chinese has no spaces, and clerks search for
// two-character words (小区, 噪音, 欠薪); a trigram index cannot find those. We index every
// run of letters and digits as its overlapping pairs (a one-character run as itself), and a
// query becomes the same pairs: every row holding the query holds all its pairs.

const RUN_RE = /[\p{L}\p{N}]+/gu;

function runsOf(text: string): string[] {
  return text.toLowerCase().match(RUN_RE) ?? [];
}

function pairsOfRun(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
  return pairs;
}

/** The token text stored in the search index for the given fields. */
export function searchTokens(...fields: (string | null | undefined)[]): string {
  const seen = new Set<string>();
  for (const f of fields) if (f) for (const run of runsOf(f)) for (const p of pairsOfRun(run)) seen.add(p);
  return Array.from(seen).join(' ');
}

/**
 * The FTS5 MATCH expression that finds candidate rows for a query, or null when the query has
 * no two-character run (a single character is too common to index; the caller scans instead).
 */
export function searchMatchExpression(query: string): string | null {
  const pairs = new Set<string>();
  for (const run of runsOf(query)) if (Array.from(run).length >= 2) for (const p of pairsOfRun(run)) pairs.add(p);
  if (pairs.size === 0) return null;
  // Each token quoted, so FTS5 operators in the clerk's text are just text.
  return Array.from(pairs, (p) => `"${p.replace(/"/g, '""')}"`).join(' AND ');
}
