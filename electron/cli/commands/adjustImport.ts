import fs from 'node:fs';
import path from 'node:path';
import { requireDb, UsageError } from '../args';
import { call, withLedger, type Command } from '../command';
import { AppError } from '../../../shared/result';

export const adjustImportCommand: Command = {
  words: ['adjust', 'import'],
  usage: 'FILE --db FILE [--json]    导入加减分（.xlsx/.csv：单位名称、期间、加分、减分、事由；有错行则整份不导入）',
  options: { values: ['db'] },
  run(p, out) {
    if (p.positional.length !== 1) throw new UsageError('用法: adjust import FILE --db FILE [--json]');
    const source = p.positional[0];
    if (!fs.existsSync(source)) throw new AppError('not_found', `文件不存在：${source}`);
    withLedger(requireDb(p), (ctx) => {
      const r = call(ctx, 'adjustments.import', { fileName: path.basename(source), base64: fs.readFileSync(source).toString('base64') });
      if (out.json) out.printJson(r);
      else out.print(`导入加减分 ${r.imported} 条`);
    });
  },
};
