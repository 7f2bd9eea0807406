// Encoding text as GBK for CSV files that older Excel on Chinese Windows opens directly.
// The table is built once from the platform's own GB18030 decoder over every two-byte code
// (GBK is GB18030's two-byte part), so no encoding package is needed.

let table: Map<number, number> | null = null;

function gbkTable(): Map<number, number> {
  if (table) return table;
  const decoder = new TextDecoder('gb18030');
  const map = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      // One character that is not the replacement character, and the first code wins.
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch.charCodeAt(0))) map.set(ch.charCodeAt(0), (lead << 8) | trail);
    }
  }
  // Windows code page 936 (what Excel means by GBK) has the euro sign as the single byte 0x80.
  map.set(0x20ac, 0x80);
  table = map;
  return map;
}

/** GBK bytes of a text; a character GBK lacks (emoji, rare characters) becomes '?'. */
export function encodeGbk(text: string): { bytes: Uint8Array; unmappable: number } {
  const map = gbkTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  let unmappable = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) { out[n++] = code; continue; }
    const gbk = map.get(code);
    if (gbk === undefined) {
      // A surrogate pair is one character: skip its second half.
      if (code >= 0xd800 && code <= 0xdbff) i++;
      out[n++] = 0x3f;
      unmappable++;
      continue;
    }
    if (gbk > 0xff) out[n++] = gbk >> 8;
    out[n++] = gbk & 0xff;
  }
  return { bytes: out.subarray(0, n), unmappable };
}
