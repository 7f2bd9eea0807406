// The dispatcher on a real ledger: only declared methods, only declared fields, a write is one
// transaction (all or nothing), outputs are checked, every error is data with a Chinese message.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { dispatch } from '../../electron/api/dispatch';
import { handlers } from '../../electron/api/handlers';
import { api, type MethodName } from '../../shared/api';
import { appendAudit } from '../../electron/ledger/audit';
import { insertUnit } from '../../electron/ledger/units';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
beforeEach(() => { t = makeTempLedger(); });
afterEach(() => t.close());

const CHINESE = /[\u4e00-\u9fff]/;
function failure(method: string, input: unknown) {
  const r = dispatch(t.ctx, method, input);
  if (r.ok) throw new Error(`${method} succeeded with ${JSON.stringify(input)}`);
  expect(r.error.message).toMatch(CHINESE);
  return r.error;
}
const count = (table: string) => (t.ledger.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Replaces one handler for the length of a test. */
function withHandler<M extends MethodName>(method: M, fake: (typeof handlers)[M], body: () => void) {
  const real = handlers[method];
  handlers[method] = fake;
  try { body(); } finally { handlers[method] = real; }
}

describe('dispatch', () => {
  it('answers a declared method in the {ok, value} envelope', () => {
    expect(dispatch(t.ctx, 'app.info', {})).toEqual({
      ok: true,
      value: { ledgerPath: t.ledger.path, version: '0.0.0-test', orderCount: 0, unitCount: 0, operator: '测试员' },
    });
    expect(dispatch(t.ctx, 'app.info', undefined)).toMatchObject({ ok: true }); // no input means {}
  });

  it.each(['orders.drop', 'toString', '__proto__', 'constructor', 'hasOwnProperty', ''])('refuses the undeclared method %j', (method) => {
    expect(failure(method, {})).toEqual({ code: 'invalid_input', message: `没有这个接口：${method}` });
  });

  it('every method refuses fields it does not declare (strict objects)', () => {
    type Def = { type: string; catchall?: { def: Def }; options?: { def: Def }[]; in?: { def: Def }; innerType?: { def: Def } };
    // An object refuses unknown keys when its catchall is never; a union when every option does.
    const isStrict = (def: Def): boolean =>
      def.type === 'object' ? def.catchall?.def.type === 'never'
        : def.type === 'union' ? def.options!.every((o) => isStrict(o.def))
          : def.type === 'pipe' ? isStrict(def.in!.def)
            : def.innerType ? isStrict(def.innerType.def) : false;
    const loose = Object.entries(api).filter(([, spec]) => !isStrict((spec.input as unknown as { def: Def }).def));
    expect(loose.map(([name]) => name)).toEqual([]);
  });

  it('refuses unknown and malformed fields with a Chinese message, top level and nested', () => {
    const cases: [string, unknown][] = [
      ['units.create', { name: '县教育局', colour: 'red' }],
      ['orders.page', { startRow: 0, endRow: 100, filter: { text: '路灯', sql: '1=1' } }],
      ['orders.page', { startRow: 0, endRow: 100, sort: [{ colId: 'order_no; DROP TABLE orders', sort: 'asc' }] }],
      ['orders.applyEdits', { edits: [{ id: 1, field: 'deleted', value: 1 }] }],
      ['orders.applyEdits', { edits: [{ id: 1, field: 'status', value: '已办结' }] }],
      ['orders.applyEdits', { edits: [] }],
      ['orders.setDeleted', { ids: ['1'], deleted: true }],
      ['app.info', 'hello'],
      ['app.info', { extra: true }],
    ];
    for (const [method, input] of cases) {
      const e = failure(method, input);
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(/^请求参数不正确：/);
    }
    // The zod part of the message is Chinese too, not only the prefix.
    expect(failure('units.create', { name: '县教育局', colour: 'red' }).message).toContain('未知的键');
    expect(count('units')).toBe(0);
  });

  it('a write that throws midway leaves nothing behind', () => {
    withHandler('units.create', ({ ledger, actor }, input) => {
      insertUnit(ledger.db, actor, input);
      appendAudit(ledger.db, actor, [{ action: 'note', entity: 'unit', entityId: null }]);
      throw new Error('写到一半断电了');
    }, () => {
      const before = count('audit_log');
      expect(failure('units.create', { name: '县教育局' })).toEqual({ code: 'internal', message: '内部错误：写到一半断电了' });
      expect(count('units')).toBe(0);
      expect(count('audit_log')).toBe(before);
    });
    // The ledger is still usable afterwards: no transaction was left open.
    expect(t.ledger.db.inTransaction).toBe(false);
    expect(t.call('units.create', { name: '县教育局' }).unit.name).toBe('县教育局');
  });

  it('checks outputs: a handler returning the wrong shape is an internal error, and a write is undone', () => {
    withHandler('app.info', (() => ({ ledgerPath: 1 })) as never, () => {
      const e = failure('app.info', {});
      expect(e.code).toBe('internal');
    });
    withHandler('units.create', (({ ledger, actor }: Parameters<(typeof handlers)['units.create']>[0], input: { name: string }) => {
      insertUnit(ledger.db, actor, input);
      return { unit: { name: input.name } };
    }) as never, () => {
      expect(failure('units.create', { name: '县教育局' }).code).toBe('internal');
      expect(count('units')).toBe(0); // the caller was told it failed, so it must not have happened
    });
  });

  it('a locked ledger gives a Chinese conflict message, not a SQLite one', () => {
    const other = new Database(t.file);
    other.exec('BEGIN IMMEDIATE');
    t.ledger.db.pragma('busy_timeout = 0');
    try {
      expect(failure('units.create', { name: '县教育局' })).toEqual({ code: 'conflict', message: '台账正被另一个程序写入，请稍后重试' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(t.call('units.create', { name: '县教育局' }).unit.name).toBe('县教育局');
  });
});

describe('settings through the API', () => {
  it('reads and writes the page’s ui.* settings, audited', () => {
    const layout = { columns: [{ colId: 'orderNo', width: 200, hide: false }] };
    expect(t.call('settings.get', { key: 'ui.grid.layout' })).toEqual({ value: null });
    expect(t.call('settings.set', { key: 'ui.grid.layout', value: layout })).toEqual({ ok: true });
    expect(t.call('settings.get', { key: 'ui.grid.layout' })).toEqual({ value: layout });
    const audit = t.ledger.db.prepare(`SELECT entity, field, old_value, new_value FROM audit_log WHERE entity = 'settings'`).all();
    expect(audit).toEqual([{ entity: 'settings', field: 'ui.grid.layout', old_value: null, new_value: JSON.stringify(layout) }]);
  });

  it.each(['seeded.dictionaries', 'ui', 'UI.grid', 'calendar.2024', 'ui/../x', ' ui.x'])('refuses the key %j', (key) => {
    expect(failure('settings.get', { key })).toEqual({ code: 'forbidden', message: `不允许访问设置项 ${key}` });
    const before = t.ledger.db.prepare(`SELECT * FROM settings ORDER BY key`).all();
    expect(failure('settings.set', { key, value: false }).code).toBe('forbidden');
    expect(t.ledger.db.prepare(`SELECT * FROM settings ORDER BY key`).all()).toEqual(before);
  });
});
