// Stored bulletins on a real ledger file: drafts saved and listed, the clerk's edits surviving a
// regeneration, issuing with the proposed 文号, an issued bulletin frozen against later order
// edits and reprinted byte for byte, the header settings remembered per style.
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/ledger/migrations/index';
import { main } from '../../electron/cli';
import { dispatch, dispatchAsync } from '../../electron/api/dispatch';
import { previousMonthPeriod } from '../../shared/period';
import { nowCst } from '../../shared/time';
import type { MethodInput, MethodOutput } from '../../shared/api';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';
import { carryEdits } from '../../electron/services/bulletinStore';
import { closeLedger, openLedger } from '../../electron/ledger/open';
import { createContext } from '../../electron/api/context';

let t: TempLedger;
const period = previousMonthPeriod().text;
const query = { period, scheme: 'counts', template: 'redhead' };
const today = nowCst().slice(0, 10);
const year = Number(today.slice(0, 4));

beforeEach(() => {
  t = makeTempLedger();
  t.call('demo.load', { orders: 600 });
});
afterEach(() => t.close());

type Stored = MethodOutput<'bulletins.open'>;
const save = (input: MethodInput<'bulletins.save'>): Stored => t.call('bulletins.save', input);
const section = (b: Stored, key: string) => b.document.sections.find((s) => s.key === key)!;
const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
async function rendered(id: number, format: 'html' | 'docx'): Promise<Buffer> {
  const r = await dispatchAsync(t.ctx, 'bulletins.render', { id, format });
  if (!r.ok) throw new Error(r.error.message);
  return Buffer.from((r.value as { base64: string }).base64, 'base64');
}
const docxBody = (bytes: Buffer) => strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']);
function refusal(method: string, input: unknown) {
  const r = dispatch(t.ctx, method, input);
  if (r.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  return r.error;
}
const auditOf = (id: number) =>
  t.ledger.db.prepare(`SELECT action, field, who FROM audit_log WHERE entity = 'bulletin' AND entity_id = ? ORDER BY id`).all(id) as { action: string; field: string | null; who: string }[];
const setHeader = (docPrefix: string) =>
  t.call('bulletins.saveHeaderSettings', {
    style: 'redhead',
    settings: {
      organ: '白水县人民政府办公室文件', docPrefix, docYear: null, briefUnit: '', mainTo: '各镇人民政府、城关街道办事处',
      signature: '白水县人民政府办公室', note: '联系人：聂洋 电话：3151139', copyTo: '县委办公室，县人大常委会办公室', printOrgan: '白水县人民政府办公室', copies: 60,
    },
  });

describe('drafts', () => {
  it('saves a new draft with the clerk edit, lists it, opens it with the office header', () => {
    setHeader('白政办发');
    const fresh = t.call('bulletins.draft', query);
    const overview = fresh.document.sections.find((s) => s.key === 'overview')!;
    const edited = `${overview.drafted}\n本月热线运行平稳。`;
    const saved = save({ query, edits: [{ key: 'overview', edited }] });
    expect(saved.bulletin).toMatchObject({ status: 'draft', period, scheme: 'counts', template: 'redhead', numberText: '', createdBy: '测试员' });
    expect(section(saved, 'overview').edited).toBe(edited);
    // The header comes from the office's settings, the number proposed from those issued (none yet).
    expect(saved.document.header).toMatchObject({ organ: '白水县人民政府办公室文件', docPrefix: '白政办发', docYear: year, docNumber: 1, copies: 60, note: '联系人：聂洋 电话：3151139' });
    expect(plain(saved.html)).toContain(`白政办发〔${year}〕1号`);
    expect(plain(saved.html)).toContain('本月热线运行平稳。');
    const list = t.call('bulletins.list', {}).bulletins;
    expect(list.map((b) => [b.id, b.status])).toEqual([[saved.bulletin.id, 'draft']]);
    const opened = t.call('bulletins.open', { id: saved.bulletin.id });
    expect(section(opened, 'overview').edited).toBe(edited);
    expect(opened.html).toBe(saved.html);
    expect(auditOf(saved.bulletin.id).map((a) => [a.action, a.field])).toEqual([['create', null], ['edit', 'overview']]);
  });

  it('edits survive regenerating the numbers; the untouched sections take the new figures; reset gives the draft back', () => {
    const saved = save({ query, edits: [{ key: 'requirements', edited: '四、工作要求\n（一）各单位务必按期办结。' }] });
    const id = saved.bulletin.id;
    const before = section(saved, 'overview').drafted;
    // An order of the period moves out of it: the count received drops by one.
    const row = t.ledger.db.prepare(`SELECT id, received_at FROM orders WHERE deleted = 0 AND unit_id IS NOT NULL AND received_at >= ? ORDER BY received_at LIMIT 1`).get(`${period}-01`) as { id: number; received_at: string };
    t.call('orders.setDeleted', { ids: [row.id], deleted: true });
    const again = t.call('bulletins.regenerate', { id });
    expect(section(again, 'requirements').edited).toBe('四、工作要求\n（一）各单位务必按期办结。');
    const received = (s: string) => Number(/共受理群众诉求(\d+)件/.exec(s)![1]);
    expect(received(section(again, 'overview').drafted)).toBe(received(before) - 1);
    expect(plain(again.html)).toContain('各单位务必按期办结');
    const reset = t.call('bulletins.resetSection', { id, key: 'requirements' });
    expect(section(reset, 'requirements').edited).toBeNull();
    expect(plain(reset.html)).not.toContain('各单位务必按期办结');
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'edit', 'regenerate', 'edit']);
  });

  it('a text equal to the drafted one is no edit, and an unknown section is refused with nothing written', () => {
    const saved = save({ query, edits: [] });
    const s = section(saved, 'overview');
    expect(section(save({ id: saved.bulletin.id, edits: [{ key: 'overview', edited: s.drafted }] }), 'overview').edited).toBeNull();
    const n = auditOf(saved.bulletin.id).length;
    expect(refusal('bulletins.save', { id: saved.bulletin.id, edits: [{ key: 'overview', edited: '改' }, { key: 'nosuch', edited: 'x' }] }).message).toContain('nosuch');
    expect(section(t.call('bulletins.open', { id: saved.bulletin.id }), 'overview').edited).toBeNull();
    expect(auditOf(saved.bulletin.id).length).toBe(n);
    expect(refusal('bulletins.save', { edits: [] }).code).toBe('invalid_input');
    expect(refusal('bulletins.open', { id: 999 }).code).toBe('not_found');
  });

  it('keeps the charts the clerk placed through saving and regenerating (drawn again), refuses an unsafe one, and audits them', () => {
    const chart = t.call('bulletins.chart', { ...query, kind: 'unitRanking', afterSection: 'overview' });
    const saved = save({ query, edits: [], charts: [chart] });
    const id = saved.bulletin.id;
    expect(saved.document.charts).toEqual([chart]);
    expect(saved.html).toContain('<svg');
    const row = t.ledger.db.prepare(`SELECT id FROM orders WHERE deleted = 0 AND unit_id IS NOT NULL AND received_at >= ? LIMIT 1`).get(`${period}-01`) as { id: number };
    t.call('orders.setDeleted', { ids: [row.id], deleted: true });
    const again = t.call('bulletins.regenerate', { id });
    expect(again.document.charts.map(({ kind, afterSection, title }) => ({ kind, afterSection, title }))).toEqual([{ kind: chart.kind, afterSection: 'overview', title: chart.title }]);
    const evil = { ...chart, svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' };
    expect(refusal('bulletins.save', { id, charts: [evil] }).message).toContain('不允许的内容');
    expect(save({ id, charts: [] }).document.charts).toEqual([]);
    expect(auditOf(id).filter((a) => a.field === 'charts').map((a) => a.action)).toEqual(['charts', 'charts']);
  });

  it('carryEdits keeps an edited section the new draft no longer has, in its place', () => {
    const s = (key: string, edited: string | null = null) => ({ key, label: key, drafted: `${key}!`, edited });
    const out = carryEdits([s('intro'), s('overview'), s('problems')], [s('intro'), s('overview', 'mine'), s('hotspots', 'hot'), s('problems')]);
    expect(out.map((x) => [x.key, x.edited])).toEqual([['intro', null], ['overview', 'mine'], ['hotspots', 'hot'], ['problems', null]]);
  });
});

describe('issuing', () => {
  it('takes the proposed 文号, freezes the figures and pages against later order edits, and reprints the same bytes', async () => {
    setHeader('白政办发');
    const draft = save({ query, edits: [{ key: 'intro', edited: '为做好热线工作，现将情况通报如下：' }] });
    const issued = t.call('bulletins.issue', { id: draft.bulletin.id });
    expect(issued.bulletin).toMatchObject({ status: 'issued', numberText: `白政办发〔${year}〕1号`, issuedBy: '测试员' });
    expect(issued.document.header).toMatchObject({ docNumber: 1, signDate: today, printDate: today });
    expect(plain(issued.html)).toContain(`白政办发〔${year}〕1号`);
    expect(plain(issued.html)).toContain('为做好热线工作，现将情况通报如下：');
    expect(auditOf(draft.bulletin.id).at(-1)).toMatchObject({ action: 'issue', field: '文号' });
    const htmlBefore = await rendered(draft.bulletin.id, 'html');
    const docxBefore = docxBody(await rendered(draft.bulletin.id, 'docx'));
    expect(docxBefore).toContain(`白政办发〔${year}〕1号`);

    // The ledger changes afterwards: an order deleted, the settings rewritten.
    const ids = (t.ledger.db.prepare(`SELECT id FROM orders WHERE deleted = 0 AND unit_id IS NOT NULL AND received_at >= ? AND received_at < ? LIMIT 5`).all(`${period}-01`, `${period}-32`) as { id: number }[]).map((r) => r.id);
    t.call('orders.setDeleted', { ids, deleted: true });
    setHeader('白政办函');
    const reopened = t.call('bulletins.open', { id: draft.bulletin.id });
    expect(reopened.html).toBe(issued.html);
    expect(reopened.document).toEqual(issued.document);
    const htmlAfter = await rendered(draft.bulletin.id, 'html');
    expect(htmlAfter.equals(htmlBefore)).toBe(true);
    expect(htmlAfter.toString('utf8')).toBe(issued.html);
    // The .docx carries its making time in docProps; its body is the same, line for line.
    expect(docxBody(await rendered(draft.bulletin.id, 'docx'))).toBe(docxBefore);
    // A fresh draft of the same period does see the change: the freeze is the issued one's alone.
    const fresh = t.call('bulletins.draft', query);
    const received = (s: string) => Number(/共受理群众诉求(\d+)件/.exec(s.replace(/\s/g, ''))![1]);
    expect(received(plain(fresh.html))).toBe(received(plain(issued.html)) - 5);
  });

  it('proposes last issued + 1 for the prefix and year, refuses a 文号 already taken, and the clerk may choose his own', () => {
    setHeader('白政办发');
    const a = save({ query, edits: [] }).bulletin.id;
    const b = save({ query, edits: [] }).bulletin.id;
    const c = save({ query, edits: [] }).bulletin.id;
    t.call('bulletins.issue', { id: a, docNumber: 28 });
    expect(t.call('bulletins.headerSettings', { style: 'redhead' }).proposal).toMatchObject({ docYear: year, docNumber: 29, text: `白政办发〔${year}〕29号` });
    expect(t.call('bulletins.open', { id: b }).document.header.docNumber).toBe(29);
    const err = refusal('bulletins.issue', { id: b, docNumber: 28 });
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain(`白政办发〔${year}〕28号`);
    expect(t.call('bulletins.open', { id: b }).bulletin.status).toBe('draft');
    expect(refusal('bulletins.issue', { id: b, date: `${year}-02-30` }).message).toContain('不是有效的日期');
    expect(t.call('bulletins.issue', { id: b }).bulletin.numberText).toBe(`白政办发〔${year}〕29号`);
    // Another prefix counts from 1.
    setHeader('白政办函');
    expect(t.call('bulletins.issue', { id: c }).bulletin.numberText).toBe(`白政办函〔${year}〕1号`);
    expect(t.call('bulletins.list', {}).bulletins.map((x) => x.id)).toEqual([c, b, a]);
  });

  it('简报 numbers its issues （第N期） and carries no 文号', () => {
    const bq = { ...query, template: 'brief' };
    const a = save({ query: bq, edits: [] }).bulletin.id;
    expect(t.call('bulletins.issue', { id: a, issueNo: 17 }).bulletin.numberText).toBe('（第17期）');
    const b = save({ query: bq, edits: [] });
    expect(b.document.header).toMatchObject({ issueNo: 18, docNumber: null });
    expect(t.call('bulletins.issue', { id: b.bulletin.id }).document.header.issueNo).toBe(18);
  });

  it('units named in the last issued bulletin of another period are called out as 连续2期 in the next draft', () => {
    const named = (id: number) => JSON.parse((t.ledger.db.prepare(`SELECT named_units FROM bulletins WHERE id = ?`).get(id) as { named_units: string }).named_units) as string[];
    const earlier = previousMonthPeriod(`${period}-01 00:00:00`).text;
    const first = save({ query: { ...query, period: earlier }, edits: [] }).bulletin.id;
    t.call('bulletins.issue', { id: first });
    const next = save({ query, edits: [] });
    const again = named(next.bulletin.id).filter((u) => named(first).includes(u));
    expect(named(first).length).toBeGreaterThan(0);
    const problems = section(next, 'problems').drafted;
    if (again.length) expect(problems).toContain(`${again.join('、')}已连续2期被通报`);
    else expect(problems).not.toContain('连续2期');
    // A corrected reissue of the same period is not a second consecutive one.
    const redo = save({ query: { ...query, period: earlier }, edits: [] });
    expect(section(redo, 'problems').drafted).not.toContain('连续2期');
  });

  it('an issued bulletin cannot be edited, regenerated, issued again or deleted; a draft is deleted (kept, hidden)', () => {
    const issued = save({ query, edits: [] }).bulletin.id;
    t.call('bulletins.issue', { id: issued });
    for (const [m, input] of [
      ['bulletins.save', { id: issued, edits: [{ key: 'intro', edited: '改' }] }],
      ['bulletins.regenerate', { id: issued }],
      ['bulletins.resetSection', { id: issued, key: 'intro' }],
      ['bulletins.issue', { id: issued }],
      ['bulletins.delete', { id: issued }],
    ] as const) expect(refusal(m, input)).toMatchObject({ code: 'forbidden' });
    // The ledger itself refuses, whatever code tries.
    expect(() => t.ledger.db.prepare(`UPDATE bulletins SET title = 'x' WHERE id = ?`).run(issued)).toThrow(/已印发的通报不能修改/);
    expect(() => t.ledger.db.prepare(`DELETE FROM bulletins WHERE id = ?`).run(issued)).toThrow(/已印发的通报不能删除/);
    const draft = save({ query, edits: [] }).bulletin.id;
    t.call('bulletins.delete', { id: draft });
    expect(t.call('bulletins.list', {}).bulletins.map((b) => b.id)).toEqual([issued]);
    expect(refusal('bulletins.open', { id: draft }).code).toBe('not_found');
    expect(t.ledger.db.prepare(`SELECT deleted FROM bulletins WHERE id = ?`).get(draft)).toEqual({ deleted: 1 });
    expect(auditOf(draft).map((a) => a.action)).toEqual(['create', 'delete']);
  });
});

describe('hotline bulletin --id', () => {
  async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
    try {
      return { code: await main(argv), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('reprints an issued bulletin from its snapshot after the orders changed; an unknown id is a user error', async () => {
    setHeader('白政办发');
    const id = save({ query, edits: [] }).bulletin.id;
    const issued = t.call('bulletins.issue', { id });
    t.call('orders.setDeleted', { ids: [(t.ledger.db.prepare(`SELECT id FROM orders WHERE unit_id IS NOT NULL AND received_at >= ? LIMIT 1`).get(`${period}-01`) as { id: number }).id], deleted: true });
    const file = path.join(t.dir, 'reprint.html');
    const r = await cli('bulletin', '--db', t.file, '--id', String(id), '--out', file, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'html', title: issued.document.header.title });
    expect(fs.readFileSync(file, 'utf8')).toBe(issued.html);
    const bad = await cli('bulletin', '--db', t.file, '--id', '999', '--out', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('没有编号为 999 的通报');
  });
});

describe('migration 005', () => {
  it('adds the bulletins table to a version-4 ledger, with the triggers that keep issued ones', () => {
    const file = path.join(t.dir, 'old.sqlite3');
    const raw = new Database(file);
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) raw.exec(m.sql);
    raw.pragma('user_version = 4');
    raw.close();
    const ledger = openLedger(file);
    try {
      expect(ledger.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      const triggers = ledger.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bulletins' ORDER BY name`).all();
      expect(triggers).toEqual([{ name: 'bulletins_issued_frozen' }, { name: 'bulletins_issued_kept' }]);
      const ctx = createContext(ledger, { who: '测试员', source: 'ui' }, 't');
      expect(dispatch(ctx, 'bulletins.list', {})).toEqual({ ok: true, value: { bulletins: [] } });
    } finally {
      closeLedger(ledger);
    }
  });
});

describe('header settings', () => {
  it('are remembered per style across reopening the ledger, audited, and template defaults until saved', () => {
    expect(t.call('bulletins.headerSettings', { style: 'inspection' }).settings.organ).toBe('督查通报');
    setHeader('白政办发');
    // A second connection to the same file, as the next start of the app would see it.
    const ledger = openLedger(t.file);
    try {
      const r = dispatch(createContext(ledger, { who: '另一人', source: 'ui' }, 't'), 'bulletins.headerSettings', { style: 'redhead' });
      expect(r.ok && r.value).toMatchObject({ settings: { docPrefix: '白政办发', copies: 60 }, proposal: { docNumber: 1 } });
      expect(ledger.db.prepare(`SELECT field FROM audit_log WHERE entity = 'settings' AND field = 'bulletin.header.redhead'`).all()).toHaveLength(1);
    } finally {
      closeLedger(ledger);
    }
  });

  it('refuses unknown fields and too long values with a Chinese message', () => {
    const base = t.call('bulletins.headerSettings', { style: 'redhead' }).settings;
    expect(refusal('bulletins.saveHeaderSettings', { style: 'redhead', settings: { ...base, extra: 1 } }).code).toBe('invalid_input');
    expect(refusal('bulletins.saveHeaderSettings', { style: 'redhead', settings: { ...base, docPrefix: '长'.repeat(31) } }).code).toBe('invalid_input');
  });
});

