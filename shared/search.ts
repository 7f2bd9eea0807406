// Two-character tokens for free-text search. Chinese has no spaces, and clerks search for
// two-character words (小区, 噪音, 欠薪); a trigram index cannot find those. We index every
// run of letters and digits as its overlapping pairs plus its last character alone, and a
// query becomes the same pairs: every row holding the query holds all its pairs. With the last
// character alone, every character of the text starts some token, so a one-character query is
// a prefix lookup ("张"*) instead of a scan of the whole ledger.
//
// Building a million-order ledger tokenizes every order, so searchTokens walks the text by
// character code instead of splitting it into arrays: it is most of the JavaScript time of a
// bulk insert.

const TOKEN_CHAR_RE = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit, filled on first sight: 0 unknown, 1 token character, 2 separator. */
const bmpClass = new Uint8Array(0x10000);
/** Per BMP code unit: its lower case when that is one code unit (else itself). */
const bmpLower = new Uint16Array(0x10000);

function classifyBmp(code: number): number {
  const ch = String.fromCharCode(code);
  const lower = ch.toLowerCase();
  bmpLower[code] = lower.length === 1 ? lower.charCodeAt(0) : code;
  return (bmpClass[code] = TOKEN_CHAR_RE.test(ch) ? 1 : 2);
}

let units = new Uint16Array(1024);
let used = 0;

function put(code: number): void {
  if (used === units.length) {
    const bigger = new Uint16Array(units.length * 2);
    bigger.set(units);
    units = bigger;
  }
  units[used++] = code;
}

/**
 * Appends the tokens of one text to `units`, each followed by a space: the lower-cased pairs
 * of neighbouring letters/digits, and the last character of each run alone.
 */
function putTokens(text: string): void {
  let p0 = 0; // the previous character of the run: one code unit, or two (p1 >= 0)
  let p1 = -1;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    let c0 = text.charCodeAt(i);
    let c1 = -1;
    let isToken: boolean;
    if (c0 < 0x80) {
      if (c0 >= 0x41 && c0 <= 0x5a) c0 += 32;
      isToken = (c0 >= 0x30 && c0 <= 0x39) || (c0 >= 0x61 && c0 <= 0x7a);
    } else if (c0 >= 0x4e00 && c0 <= 0x9fff) {
      isToken = true; // CJK unified ideographs: the common case
    } else if (c0 >= 0xd800 && c0 <= 0xdbff && i + 1 < text.length) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      i++;
      const lower = ch.toLowerCase();
      isToken = TOKEN_CHAR_RE.test(ch);
      c0 = lower.charCodeAt(0);
      c1 = lower.length > 1 ? lower.charCodeAt(1) : -1;
    } else {
      isToken = (bmpClass[c0] || classifyBmp(c0)) === 1;
      c0 = bmpLower[c0];
    }
    if (isToken) {
      if (run > 0) {
        put(p0);
        if (p1 >= 0) put(p1);
        put(c0);
        if (c1 >= 0) put(c1);
        put(32);
      }
      p0 = c0;
      p1 = c1;
      run++;
    } else {
      if (run > 0) {
        put(p0);
        if (p1 >= 0) put(p1);
        put(32);
      }
      run = 0;
    }
  }
  if (run > 0) {
    put(p0);
    if (p1 >= 0) put(p1);
    put(32);
  }
}

const utf16 = new TextDecoder('utf-16le');

function takeTokens(): string {
  const n = used > 0 ? used - 1 : 0; // without the last space
  used = 0;
  if (n === 0) return '';
  return n <= 2048 ? String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]) : utf16.decode(units.subarray(0, n));
}

/**
 * The token text stored in the search index for the given fields. A token may repeat: the
 * index keeps each once per order, and skipping the de-duplication is faster.
 */
export function searchTokens(...fields: (string | null | undefined)[]): string {
  used = 0;
  for (const f of fields) if (f) putTokens(f);
  return takeTokens();
}

function queryTokens(query: string): string[] {
  used = 0;
  putTokens(query);
  return takeTokens().split(' ').filter((t) => t !== '');
}

/**
 * The FTS5 MATCH expression that finds candidate rows for a query, or null when the query has
 * nothing to look up. Every pair of the query must be there. A query of single characters
 * only (a surname: 张) looks each up as the first character of a token: every character of
 * the ledger's text starts a token, the pair it begins or, at the end of a run, itself alone.
 */
export function searchMatchExpression(query: string): string | null {
  const tokens = queryTokens(query);
  const pairs = [...new Set(tokens.filter((t) => Array.from(t).length === 2))];
  // Each token quoted, so FTS5 operators in the clerk's text are just text.
  const quoted = (t: string) => `"${t.replace(/"/g, '""')}"`;
  if (pairs.length > 0) return pairs.map(quoted).join(' AND ');
  const singles = [...new Set(tokens)];
  return singles.length > 0 ? singles.map((t) => `${quoted(t)}*`).join(' AND ') : null;
}

/**
 * True when a row found by the index for this query surely contains it, so the caller may skip
 * confirming the substring: the query is one or two Chinese characters or digits. The index
 * holds such a pair only where the two stand side by side in one field (and a token starting
 * with a character only where it stands), and no case folding
 * (JavaScript's, the tokenizer's or SQLite's lower()) turns another character into one of
 * them; letters are left to the confirmation because those foldings differ (K, İ).
 */
export function indexMatchIsExact(query: string): boolean {
  return /^[\u4e00-\u9fff0-9]{1,2}$/.test(query);
}
