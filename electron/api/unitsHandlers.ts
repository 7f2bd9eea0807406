// Handlers of the units area: the directory of handling units.
import type { unitsMethods } from '../../shared/contract/units';
import { getUnit, insertUnit, listUnits, patchUnit } from '../ledger/units';
import { importUnitsFile } from '../services/unitsImport';
import type { HandlersFor } from './handlerTypes';

export const unitsHandlers: HandlersFor<typeof unitsMethods> = {
  'units.list': ({ ledger }) => ({ units: listUnits(ledger.db) }),
  'units.create': ({ ledger, actor }, input) => ({ unit: getUnit(ledger.db, insertUnit(ledger.db, actor, input)) }),
  'units.update': ({ ledger, actor }, { id, changes }) => {
    patchUnit(ledger.db, actor, id, changes);
    return { unit: getUnit(ledger.db, id) };
  },
  'units.import': ({ ledger, actor }, { fileName, base64 }) => importUnitsFile(ledger.db, actor, fileName, Buffer.from(base64, 'base64')),
};
