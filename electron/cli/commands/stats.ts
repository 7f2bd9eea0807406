import fs from 'node:fs';
import path from 'node:path';
import { requireDb, requireOption, stringOption, UsageError } from '../args';
import { call, withLedger, type Command } from '../command';
import { AppError } from '../../../shared/result';
import { formatCell, type StatsResult } from '../../../shared/contract/stats';
import { schemeFromJsonText } from '../../services/stats/schemes';
import { statsWorkbookBytes } from '../../../shared/stats/statsWorkbook';

/** The table as tab-separated lines, as the clerk would paste it into a document. */
export function statsTableLines(r: StatsResult): string[] {
  const lines = [`${r.period.label}（${r.period.from} 至 ${r.period.to}，截至 ${r.asOf}）  ${r.scheme.name}`];
  lines.push([r.settings.unitLabel, ...r.columns.map((c) => c.label), '排名'].join('\t'));
  for (const row of r.rows) {
    const cells = row.columns.map((cell, i) => formatCell(r.columns[i], cell.value).replace(/\n/g, ' '));
    lines.push([row.parent && r.settings.subUnits === 'withParent' ? `  ${row.unit}` : row.unit, ...cells, row.rank ?? ''].join('\t'));
  }
  const printed = r.settings.totals === 'none' ? [] : r.groups.filter((g) => (r.settings.totals === 'overall') === (g.kind === 'all'));
  for (const g of printed) {
    lines.push([`${g.label}`, ...g.columns.map((cell, i) => formatCell(r.columns[i], cell.value).replace(/\n/g, ' '))].join('\t'));
  }
  return lines;
}

export const statsCommand: Command = {
  words: ['stats'],
  usage: '--db FILE --period P [--as-of "YYYY-MM-DD HH:mm:ss"] [--scheme ID | --scheme-file F] [--channel C1,C2] [--kind town|dept] [--xlsx FILE] [--json]   统计考评（P 如 2023-02、2024-Q1、2025-H1、2025、2025-03-01..2025-03-15；--xlsx 把统计表按附件格式另存为 Excel）',
  options: { values: ['db', 'period', 'as-of', 'scheme', 'scheme-file', 'channel', 'kind', 'xlsx'] },
  async run(p, out) {
    if (p.positional.length > 0) throw new UsageError(`多余的参数：${p.positional.join(' ')}`);
    const period = requireOption(p, 'period', 'P');
    const schemeId = stringOption(p, 'scheme');
    const schemeFile = stringOption(p, 'scheme-file');
    if (schemeId && schemeFile) throw new UsageError('--scheme 与 --scheme-file 只能给一个');
    const kind = stringOption(p, 'kind');
    if (kind && kind !== 'town' && kind !== 'dept') throw new UsageError('--kind 应为 town（镇街）或 dept（部门）');
    let scheme: unknown;
    if (schemeFile) {
      if (!fs.existsSync(schemeFile)) throw new AppError('not_found', `方案文件不存在：${schemeFile}`);
      scheme = schemeFromJsonText(fs.readFileSync(schemeFile, 'utf8'), path.basename(schemeFile));
    }
    const channels = stringOption(p, 'channel')?.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
    const xlsx = stringOption(p, 'xlsx');
    if (xlsx !== undefined && !/\.xlsx$/i.test(xlsx)) throw new UsageError('--xlsx 的文件名应以 .xlsx 结尾');
    const r = withLedger(requireDb(p), (ctx) => call(ctx, 'stats.compute', {
      period,
      asOf: stringOption(p, 'as-of'),
      schemeId,
      scheme,
      channels,
      kind: kind as 'town' | 'dept' | undefined,
    }));
    if (xlsx !== undefined) {
      // The workbook is made after the ledger is closed: exceljs is asynchronous.
      const bytes = Buffer.from(await statsWorkbookBytes(r));
      fs.mkdirSync(path.dirname(path.resolve(xlsx)), { recursive: true });
      fs.writeFileSync(xlsx, bytes);
      if (!out.json) out.print(`已输出统计表 → ${xlsx}（${bytes.length} 字节）`);
    }
    if (out.json) return out.printJson(r);
    for (const line of statsTableLines(r)) out.print(line);
  },
};
