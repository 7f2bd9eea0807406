// Handlers of the app area: ledger info, dictionaries, the page's layout settings, demo data.
import type { appMethods } from '../../shared/contract/app';
import { AppError } from '../../shared/result';
import { readDictionaries } from '../ledger/dictionaries';
import { readSetting, writeSetting } from '../ledger/settings';
import { appendAudit } from '../ledger/audit';
import { loadDemoLedger } from '../services/demo';
import type { HandlersFor } from './handlerTypes';

/** Settings the page may read and write: its own layout preferences, nothing else. */
function assertUiSettingKey(key: string): void {
  if (!/^ui\.[a-zA-Z0-9_.-]+$/.test(key)) throw new AppError('forbidden', `不允许访问设置项 ${key}`);
}

export const appHandlers: HandlersFor<typeof appMethods> = {
  'app.info': ({ ledger, appVersion, actor }) => {
    const count = (sql: string) => (ledger.db.prepare(sql).get() as { n: number }).n;
    return {
      ledgerPath: ledger.path,
      version: appVersion,
      orderCount: count(`SELECT count(*) AS n FROM orders WHERE deleted = 0`),
      unitCount: count(`SELECT count(*) AS n FROM units`),
      operator: actor.who,
    };
  },

  'dictionaries.get': ({ ledger }) => readDictionaries(ledger.db),

  'settings.get': ({ ledger }, { key }) => {
    assertUiSettingKey(key);
    return { value: readSetting(ledger.db, key) };
  },

  'settings.set': ({ ledger, actor }, { key, value }) => {
    assertUiSettingKey(key);
    const old = writeSetting(ledger.db, key, value);
    appendAudit(ledger.db, actor, [{ action: 'update', entity: 'settings', entityId: null, field: key, oldValue: old, newValue: value }]);
    return { ok: true as const };
  },

  'demo.load': ({ ledger, actor }, { orders }) => loadDemoLedger(ledger.db, actor, { orders }),
};
