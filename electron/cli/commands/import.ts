// `hotline import FILE... --db DB`: the city platform's spreadsheets into the ledger, one batch per file.
import fs from 'node:fs';
import path from 'node:path';
import { requireDb, stringOption, UsageError } from '../args';
import { call, withLedger, type Command, type Out } from '../command';
import { AppError } from '../../../shared/result';
import { IMPORT_TARGETS, type ColumnMapping, type ImportSummary } from '../../../shared/contract/imports';
import { dryRunSummary } from '../../services/orderImport';

/** --map 列名=字段: the field by its key (orderNo) or its Chinese label (工单编号), or 忽略/ignore. */
function parseMaps(items: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const item of items) {
    const at = item.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--map 应写成 列名=字段，如 --map 处理备注=备注（收到：${item}）`);
    const header = item.slice(0, at).trim();
    const wanted = item.slice(at + 1).trim();
    const target = wanted === '忽略' || wanted === 'ignore' ? 'ignore' : IMPORT_TARGETS.find((t) => t.key === wanted || t.label === wanted)?.key;
    if (!target) throw new UsageError(`--map ${item}：没有字段“${wanted}”（可用：${IMPORT_TARGETS.map((t) => t.label).join('、')}、忽略）`);
    mapping[header] = target;
  }
  return mapping;
}

export const importCommand: Command = {
  words: ['import'],
  usage: 'FILE... --db FILE [--map 列名=字段]... [--mapping NAME] [--dry-run] [--strict] [--json]   导入市平台导出的工单表（.xlsx/.xls/.csv）',
  options: { values: ['db', 'mapping'], repeatable: ['map'], flags: ['dry-run', 'strict'] },
  run(p, out) {
    if (p.positional.length === 0) throw new UsageError('用法: import FILE... --db FILE');
    for (const f of p.positional) if (!fs.existsSync(f)) throw new AppError('not_found', `文件不存在：${f}`);
    const mapping = parseMaps(p.repeated.get('map') ?? []);
    const mappingName = stringOption(p, 'mapping');
    const dryRun = p.options.has('dry-run');
    const strict = p.options.has('strict');
    const summaries: ImportSummary[] = [];
    withLedger(requireDb(p), (ctx, ledger) => {
      // All files or none: each is its own batch, inside one transaction for the whole command.
      ledger.db.transaction(() => {
        for (const source of p.positional) {
          const request = {
            file: { fileName: path.basename(source), base64: fs.readFileSync(source).toString('base64') },
            mapping, mappingName, strict,
          };
          summaries.push(dryRun ? dryRunSummary(call(ctx, 'imports.preview', request)) : call(ctx, 'imports.commit', request));
        }
        printSummaries(summaries, out);
        // Thrown inside the transaction: empty batches are not kept either.
        if (summaries.every((s) => s.inserted + s.updated + s.unchanged === 0)) throw new AppError('validation', '没有导入任何工单');
      }).immediate(); // take the write lock first: another writer means a wait (busy timeout), not a failure
    });
  },
};

function printSummaries(summaries: ImportSummary[], out: Out): void {
  if (out.json) return out.printJson(summaries.length === 1 ? summaries[0] : summaries);
  for (const s of summaries) {
    out.print(`${s.fileName}${s.batch ? `（批次 #${s.batch}）` : '（试导入，未写入）'}：新增 ${s.inserted}，更新 ${s.updated}，未变 ${s.unchanged}，拒绝 ${s.rejectedRows} 行`);
    if (s.created.units.length) out.print(`  新建承办单位：${s.created.units.join('、')}`);
    if (s.created.categories.length) out.print(`  新增问题分类：${s.created.categories.join('、')}`);
    if (s.created.values.length) out.print(`  新增可选值：${s.created.values.join('、')}`);
    for (const w of s.warnings) out.print(`  注意：${w}`);
    for (const x of s.rejected) out.print(`  第 ${x.row} 行${x.column ? ` ${x.column}` : ''}：${x.message}`);
  }
}
