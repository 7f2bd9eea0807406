// What a bench section reports: figures with their raw baseline from the same run, printed as
// they come and gathered into one compact table at the end.

export interface Figure {
  section: string;
  name: string;
  /** The measured value and its unit ('ms', 'rows/s', …). */
  value: number;
  unit: string;
  /** The same work done the bare way in this run, in the same unit; ratio = value / baseline. */
  baseline?: number;
  /** A short note: the target, "cold", "cached from …". */
  note?: string;
  /** Whether the figure meets its target (undefined when it has none). */
  ok?: boolean;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function ratioText(f: Figure): string {
  return f.baseline ? `×${fmt(f.value / f.baseline)}` : '';
}

export class Report {
  readonly figures: Figure[] = [];

  add(f: Figure): Figure {
    this.figures.push(f);
    const base = f.baseline !== undefined ? `  (raw ${fmt(f.baseline)} ${f.unit}, ${ratioText(f)})` : '';
    const verdict = f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED';
    console.log(`  ${f.name}: ${fmt(f.value)} ${f.unit}${base}${f.note ? `  ${f.note}` : ''}${verdict}`);
    return f;
  }

  table(): string {
    const rows = [['section', 'figure', 'value', 'raw', 'ratio', 'target / note', '']];
    for (const f of this.figures) {
      rows.push([
        f.section, f.name, `${fmt(f.value)} ${f.unit}`, f.baseline !== undefined ? `${fmt(f.baseline)} ${f.unit}` : '',
        ratioText(f), f.note ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED',
      ]);
    }
    // Width by code points is close enough for CJK in a terminal that shows them double-width.
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
    return rows.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c] - width(cell))).join('  ').trimEnd()).join('\n');
  }
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds taken by fn. */
export function timeMs(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The median of `runs` timings of fn after `warmup` untimed calls. */
export function medianMs(fn: () => unknown, runs = 15, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeMs(fn));
  return median(times);
}
