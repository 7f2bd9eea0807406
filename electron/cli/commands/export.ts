// `hotline export --db DB --out FILE.xlsx|.csv`: a view of the ledger as a spreadsheet.
import fs from 'node:fs';
import path from 'node:path';
import { requireDb, requireOption, stringOption, UsageError } from '../args';
import { call, callAsync, withLedgerAsync, type Command } from '../command';
import { AppError } from '../../../shared/result';
import { parsePeriod } from '../../../shared/period';
import type { OrderFilter } from '../../../shared/api';
import { ORDER_STATUSES } from '../../../shared/status';

export const exportCommand: Command = {
  words: ['export'],
  usage: '--db FILE --out FILE.xlsx|.csv [--period P] [--unit U] [--status S] [--encoding gbk|utf8] [--mask] [--json]   导出工单台账',
  options: { values: ['db', 'out', 'period', 'unit', 'status', 'encoding'], flags: ['mask'] },
  async run(p, out) {
    const target = requireOption(p, 'out', 'FILE.xlsx|.csv');
    const ext = path.extname(target).toLowerCase();
    if (ext !== '.xlsx' && ext !== '.csv') throw new UsageError('--out 的扩展名应为 .xlsx 或 .csv');
    const encoding = stringOption(p, 'encoding') ?? 'utf8';
    if (encoding !== 'utf8' && encoding !== 'gbk') throw new UsageError('--encoding 应为 gbk 或 utf8');
    const filter: OrderFilter = {};
    const periodText = stringOption(p, 'period');
    const period = periodText ? parsePeriod(periodText) : null;
    if (period) { filter.from = period.firstDay; filter.to = period.lastDay; }
    const status = stringOption(p, 'status');
    if (status) {
      if (!(ORDER_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status 应为 ${ORDER_STATUSES.join('、')} 之一`);
      filter.statuses = [status as (typeof ORDER_STATUSES)[number]];
    }
    const result = await withLedgerAsync(requireDb(p), async (ctx) => {
      const unitName = stringOption(p, 'unit');
      if (unitName) {
        const unit = call(ctx, 'units.list', {}).units.find((u) => u.name === unitName || u.aliases.includes(unitName));
        if (!unit) throw new AppError('not_found', `没有承办单位“${unitName}”`);
        filter.unitIds = [unit.id];
      }
      return callAsync(ctx, 'imports.export', {
        filter,
        sort: [{ colId: 'receivedAt', sort: 'asc' }],
        format: ext === '.xlsx' ? 'xlsx' : 'csv',
        encoding,
        mask: p.options.has('mask'),
        ...(period ? { title: `工单台账（${period.label}${unitName ? `，${unitName}` : ''}）` } : {}),
      });
    });
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, Buffer.from(result.base64, 'base64'));
    if (out.json) out.printJson({ out: path.resolve(target), rows: result.rows });
    else out.print(`已导出 ${result.rows} 件工单到 ${target}`);
  },
};
