// The directory of handling units on a real ledger: kinds guessed from names, renames that keep
// the old name working, no cycles among parents, one unit per name or alias.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { insertOrders } from '../../electron/ledger/orders';
import { guessUnitKind } from '../../shared/units';
import type { MethodInput } from '../../shared/api';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
beforeEach(() => { t = makeTempLedger(); });
afterEach(() => t.close());

const create = (input: MethodInput<'units.create'>) => t.call('units.create', input).unit;
const update = (id: number, changes: MethodInput<'units.update'>['changes']) => t.call('units.update', { id, changes }).unit;
function refusal(method: 'units.create' | 'units.update', input: unknown) {
  const r = dispatch(t.ctx, method, input);
  if (r.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  return r.error;
}
const unitCount = () => (t.ledger.db.prepare(`SELECT count(*) AS n FROM units`).get() as { n: number }).n;

describe('guessing a unit kind from its name', () => {
  it.each(['城关镇', '马家乡', '东城街道', '东城街道办', '西城街道办事处', '阳光社区', '城关镇（城关街道）'])('%s is a 镇街', (name) => {
    expect(guessUnitKind(name)).toBe('town');
  });
  it.each(['县市场监管局', '县发改委', '县信访办', '国网供电公司', '县政务服务中心', '县人民医院', '镇远路小学'])('%s is a 部门', (name) => {
    expect(guessUnitKind(name)).toBe('dept');
  });

  it('a new unit gets the guessed kind unless one is given', () => {
    expect(create({ name: '城关镇' }).kind).toBe('town');
    expect(create({ name: '县住建局' }).kind).toBe('dept');
    expect(create({ name: '县经济开发区', kind: 'town' }).kind).toBe('town');
  });
});

describe('units.create', () => {
  it('stores the unit with aliases, sort order and an audit row', () => {
    const u = create({ name: ' 县市场监管局 ', aliases: ['市场局', '县市场监督管理局', '市场局', '县市场监管局'], sortOrder: 7 });
    expect(u).toMatchObject({ name: '县市场监管局', kind: 'dept', parentId: null, aliases: ['县市场监督管理局', '市场局'].sort(), sortOrder: 7, active: true, orderCount: 0 });
    const audit = t.ledger.db.prepare(`SELECT who, action, entity, entity_id, new_value FROM audit_log WHERE entity = 'unit'`).all();
    expect(audit).toEqual([{ who: '测试员', action: 'create', entity: 'unit', entity_id: u.id, new_value: '县市场监管局' }]);
  });

  it('refuses a name or alias that already stands for another unit, and writes nothing', () => {
    create({ name: '县市场监管局', aliases: ['市场局'] });
    const audits = (t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;
    expect(refusal('units.create', { name: '县市场监管局' })).toMatchObject({ code: 'conflict', message: '“县市场监管局”已是单位“县市场监管局”的名称或别名' });
    expect(refusal('units.create', { name: '市场局' }).code).toBe('conflict');
    // The unit itself would be valid; its alias is taken: the whole create is undone.
    expect(refusal('units.create', { name: '县工商局', aliases: ['新名', '市场局'] }).message).toContain('市场局');
    expect(unitCount()).toBe(1);
    expect(t.ledger.db.prepare(`SELECT alias FROM unit_aliases ORDER BY alias`).all()).toEqual([{ alias: '市场局' }]);
    expect((t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n).toBe(audits);
  });

  it('refuses an empty name and unknown fields with Chinese messages', () => {
    expect(refusal('units.create', { name: '   ' }).message).toContain('单位名称不能为空');
    expect(refusal('units.create', { name: '县教育局', colour: 'red' }).code).toBe('invalid_input');
    expect(refusal('units.create', { name: '县教育局', parentId: 999 }).message).toBe('上级单位不存在（编号 999）');
    expect(unitCount()).toBe(0);
  });
});

describe('units.update', () => {
  it('a rename shows on every order at once and the old name stays as an alias', () => {
    const u = create({ name: '县市场监管局', aliases: ['市场局'] });
    const [orderId] = t.ledger.db.transaction(() =>
      insertOrders(t.ledger.db, TEST_ACTOR, [{ orderNo: 'DH0001', receivedAt: '2024-02-07 09:00:00', unitId: u.id }]),
    )();
    const renamed = update(u.id, { name: '县市场监督管理局' });
    expect(renamed).toMatchObject({ id: u.id, name: '县市场监督管理局', aliases: ['县市场监管局', '市场局'], orderCount: 1 });
    expect(t.call('orders.get', { id: orderId }).order).toMatchObject({ unitId: u.id, unitName: '县市场监督管理局' });
    // The old name still finds the unit, in a typed cell as in an import.
    const r = t.call('orders.applyEdits', { edits: [{ id: orderId, field: 'unitId', value: '县市场监管局' }], reason: 'edit' });
    expect(r.refused).toEqual([]);
    // Renaming back does not list the name as its own alias.
    expect(update(u.id, { name: '县市场监管局' })).toMatchObject({ name: '县市场监管局', aliases: ['县市场监督管理局', '市场局'] });
    const history = t.ledger.db.prepare(`SELECT field, old_value, new_value FROM audit_log WHERE entity = 'unit' AND action = 'update' ORDER BY id`).all();
    expect(history).toEqual([
      { field: 'name', old_value: '县市场监管局', new_value: '县市场监督管理局' },
      { field: 'name', old_value: '县市场监督管理局', new_value: '县市场监管局' },
    ]);
  });

  it('refuses a rename to another unit’s name or alias', () => {
    create({ name: '县市场监管局', aliases: ['市场局'] });
    const other = create({ name: '县住建局' });
    expect(refusal('units.update', { id: other.id, changes: { name: '市场局' } }).code).toBe('conflict');
    expect(refusal('units.update', { id: other.id, changes: { aliases: ['县市场监管局'] } }).code).toBe('conflict');
    expect(t.call('units.list', {}).units.find((u) => u.id === other.id)).toMatchObject({ name: '县住建局', aliases: [] });
  });

  it('sub-units name their parent; a parent cycle is refused', () => {
    const bureau = create({ name: '县人社局' });
    const team = create({ name: '劳动监察大队', parentId: bureau.id });
    const squad = create({ name: '劳动监察一中队', parentId: team.id });
    expect(team).toMatchObject({ parentId: bureau.id, parentName: '县人社局' });
    expect(refusal('units.update', { id: bureau.id, changes: { parentId: squad.id } }).message).toBe('上级单位不能是本单位或其下属单位');
    expect(refusal('units.update', { id: bureau.id, changes: { parentId: bureau.id } }).message).toBe('上级单位不能是本单位或其下属单位');
    expect(refusal('units.update', { id: team.id, changes: { parentId: 999 } }).message).toBe('上级单位不存在（编号 999）');
    expect(t.call('units.list', {}).units.find((u) => u.id === bureau.id)?.parentId).toBeNull();
    // Moving a sub-unit elsewhere, and back to top level, is fine.
    const other = create({ name: '县总工会' });
    expect(update(team.id, { parentId: other.id }).parentName).toBe('县总工会');
    expect(update(team.id, { parentId: null }).parentId).toBeNull();
  });

  it('changes kind, sort order and active, and refuses an unknown unit', () => {
    const u = create({ name: '县经济开发区' });
    expect(update(u.id, { kind: 'town', sortOrder: 3, active: false })).toMatchObject({ kind: 'town', sortOrder: 3, active: false });
    expect(refusal('units.update', { id: 999, changes: { sortOrder: 1 } })).toMatchObject({ code: 'not_found', message: '承办单位不存在（编号 999）' });
  });
});
