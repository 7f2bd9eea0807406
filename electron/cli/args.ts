// Command-line arguments: positional words and --options, checked against what a command declares.
export class UsageError extends Error {}

export interface OptionSpec {
  /** Options that take a value: --db FILE or --db=FILE. */
  values?: readonly string[];
  /** Options that may be given several times: --map A=B --map C=D. */
  repeatable?: readonly string[];
  /** Options without a value: --json. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
  repeated: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Set([...(spec.values ?? []), ...(spec.repeatable ?? [])]);
  const repeatable = new Set(spec.repeatable ?? []);
  const flags = new Set([...(spec.flags ?? []), 'json', 'help']);
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.has(name)) { options.set(name, true); continue; }
    if (!values.has(name)) throw new UsageError(`未知选项 --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`选项 --${name} 需要一个值`);
    if (repeatable.has(name)) repeated.set(name, [...(repeated.get(name) ?? []), value]);
    else options.set(name, value);
  }
  return { positional, options, repeated };
}

export function requireDb(p: ParsedArgs): string {
  return requireOption(p, 'db', 'FILE');
}

export function requireOption(p: ParsedArgs, name: string, placeholder: string): string {
  const v = p.options.get(name);
  if (typeof v !== 'string') throw new UsageError(`缺少 --${name} ${placeholder}`);
  return v;
}

export function stringOption(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function intOption(p: ParsedArgs, name: string, fallback: number): number {
  const v = p.options.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${name} 应为正整数`);
  return Number(v);
}
