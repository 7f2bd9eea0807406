// Handlers of the stats area: 统计考评, scoring schemes, bonus/penalty adjustments.
import type { statsMethods } from '../../shared/contract/stats';
import { FIGURE_KEYS, type FigureKey } from '../../shared/contract/stats';
import { AppError } from '../../shared/result';
import { addAdjustment, deleteAdjustment, getAdjustment, importAdjustmentsFile, listAdjustments } from '../services/stats/adjustments';
import { computeStats, loadUnits, statsContext } from '../services/stats/compute';
import { orderIdsOfFigure } from '../services/stats/figures';
import { parsePeriod } from '../../shared/period';
import { deleteScheme, listSchemes, saveScheme } from '../services/stats/schemes';
import type { HandlersFor } from './handlerTypes';

export const statsHandlers: HandlersFor<typeof statsMethods> = {
  'stats.compute': ({ ledger }, input) => computeStats(ledger.db, input),
  'stats.schemes': ({ ledger }) => ({ schemes: listSchemes(ledger.db) }),
  'stats.saveScheme': ({ ledger, actor }, { scheme }) => ({ scheme: saveScheme(ledger.db, actor, scheme) }),
  'stats.deleteScheme': ({ ledger, actor }, { id }) => {
    deleteScheme(ledger.db, actor, id);
    return { ok: true as const };
  },
  'stats.orderIds': ({ ledger }, { unitId, figure, withSubUnits, ...query }) => {
    if (figure !== 'all' && !(FIGURE_KEYS as readonly string[]).includes(figure)) throw new AppError('invalid_input', `没有这个统计项：${figure}`);
    const ctx = statsContext(ledger.db, query);
    let unitIds: number[] | null = null;
    if (unitId !== null) {
      unitIds = [unitId];
      if (withSubUnits) {
        const units = loadUnits(ledger.db);
        for (const u of units.values()) if (u.parentId === unitId) unitIds.push(u.id);
      }
    }
    const ids = orderIdsOfFigure(ledger.db, ctx.query, unitIds, figure as FigureKey | 'all');
    return {
      ids,
      filter: {
        from: ctx.period.from,
        to: ctx.period.to,
        ...(unitIds ? { unitIds } : {}),
        ...(ctx.query.channels ? { channels: [...ctx.query.channels] } : {}),
      },
    };
  },
  'adjustments.list': ({ ledger }, { period }) => ({ adjustments: listAdjustments(ledger.db, period ? parsePeriod(period) : undefined) }),
  'adjustments.add': ({ ledger, actor }, input) => ({ adjustment: getAdjustment(ledger.db, addAdjustment(ledger.db, actor, input)) }),
  'adjustments.delete': ({ ledger, actor }, { id }) => {
    deleteAdjustment(ledger.db, actor, id);
    return { ok: true as const };
  },
  'adjustments.import': ({ ledger, actor }, { fileName, base64 }) => importAdjustmentsFile(ledger.db, actor, fileName, Buffer.from(base64, 'base64')),
};
