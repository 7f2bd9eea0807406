import fs from 'node:fs';
import path from 'node:path';
import { requireDb, UsageError } from '../args';
import { call, withLedger, type Command } from '../command';
import { AppError } from '../../../shared/result';

export const unitsImportCommand: Command = {
  words: ['units', 'import'],
  usage: 'FILE --db FILE [--json]    导入承办单位名录（.xlsx/.csv：单位名称、单位类型、上级单位、别名、排序）',
  options: { values: ['db'] },
  run(p, out) {
    if (p.positional.length !== 1) throw new UsageError('用法: units import FILE --db FILE [--json]');
    const source = p.positional[0];
    if (!fs.existsSync(source)) throw new AppError('not_found', `文件不存在：${source}`);
    withLedger(requireDb(p), (ctx) => {
      const r = call(ctx, 'units.import', { fileName: path.basename(source), base64: fs.readFileSync(source).toString('base64') });
      if (out.json) out.printJson(r);
      else {
        out.print(`新增 ${r.created.length} 个，更新 ${r.updated.length} 个，未变 ${r.unchanged} 个，拒绝 ${r.rejected.length} 行`);
        for (const x of r.rejected) out.print(`  第 ${x.row} 行 ${x.column}：${x.message}`);
      }
      if (r.created.length + r.updated.length + r.unchanged === 0 && r.rejected.length > 0) throw new AppError('validation', '没有导入任何单位');
    });
  },
};
