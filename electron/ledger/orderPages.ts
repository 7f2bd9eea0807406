// Pages of orders for the grid's infinite row model: filter, sort and paging all in SQL.
//
// AG Grid asks for blocks (startRow, endRow) one after another as the clerk scrolls, and jumps
// straight to a deep block when the scrollbar is dragged. OFFSET would make SQLite step over
// every earlier row (900,000 of them at the bottom of a large ledger), so pages are found by
// keyset: the sort key of the last row of each block served is remembered, and the next block
// is a seek past it. For a jump, a sparse list of anchors (the key of every ANCHOR_STRIDE-th
// row) is built once per filter and sort, and the page is a seek past the nearest anchor plus
// a short OFFSET. Everything remembered belongs to one version of the data and is dropped
// when the ledger changes.
import type Database from 'better-sqlite3';
import { FIELD_BY_KEY, type OrderFieldKey } from '../../shared/fields';
import { indexMatchIsExact, searchMatchExpression } from '../../shared/search';
import type { OrderFilter, OrderRow } from '../../shared/api';
import { ORDER_COLUMNS, ORDER_FROM, toOrderRow } from './orders';
import type { Db } from './open';

export interface SortSpec {
  colId: string;
  sort: 'asc' | 'desc';
}

interface Where {
  sql: string;
  params: unknown[];
}

/** A day 'YYYY-MM-DD' or a timestamp, as the lower bound of receipt time. */
function startOf(value: string): string {
  return value.length === 10 ? `${value} 00:00:00` : value;
}
/** The upper bound: a whole day is included. */
function endOf(value: string): string {
  return value.length === 10 ? `${value} 23:59:59` : value;
}

/** A filter in SQL: the conditions on `o`, and the search index's MATCH expression if any. */
interface FilterSql {
  rest: Where;
  match: string | null;
}

function filterSqlOf(filter: OrderFilter): FilterSql {
  const parts = ['o.deleted = ?'];
  const params: unknown[] = [filter.deleted ? 1 : 0];
  if (filter.from) { parts.push('o.received_at >= ?'); params.push(startOf(filter.from)); }
  // A day is included whole; a timestamp is an exclusive bound (as the statistics hand periods over).
  if (filter.to) { parts.push(filter.to.length === 10 ? 'o.received_at <= ?' : 'o.received_at < ?'); params.push(endOf(filter.to)); }
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('o.unit_id', filter.unitIds);
  inList('o.status', filter.statuses);
  inList('o.channel', filter.channels);
  // The orders behind one number of the statistics: a list of ids, bound as one JSON parameter.
  if (filter.ids) { parts.push('o.id IN (SELECT value FROM json_each(?))'); params.push(JSON.stringify(filter.ids)); }
  const text = filter.text?.trim().toLowerCase();
  let match: string | null = null;
  if (text) {
    match = searchMatchExpression(text);
    if (!match || !indexMatchIsExact(text)) {
      // The index finds candidates; this confirms the exact substring in one of the searched fields.
      parts.push(`(instr(lower(o.order_no), ?) > 0 OR instr(lower(coalesce(o.content, '')), ?) > 0
        OR instr(lower(coalesce(o.caller, '')), ?) > 0 OR instr(coalesce(o.phone, ''), ?) > 0)`);
      params.push(text, text, text, text);
    }
  }
  return { rest: { sql: parts.join(' AND '), params }, match };
}

const MATCHED_IDS = 'o.id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?)';

/** The filter as one condition on `o` (FROM orders o). */
export function whereOfFilter(filter: OrderFilter): Where {
  const { rest, match } = filterSqlOf(filter);
  return match ? { sql: `${MATCHED_IDS} AND ${rest.sql}`, params: [match, ...rest.params] } : rest;
}

/** One key of the order: an SQL expression, the result column holding its value, its direction. */
interface SortKey {
  expr: string;
  column: string;
  desc: boolean;
  /** The column can hold NULL, which SQLite sorts before every value. */
  nullable: boolean;
}

const NOT_NULL_COLUMNS = new Set(['order_no', 'received_at', 'status']);

/** The sort keys over whitelisted columns only; the last key is always id so the order is total. */
function sortKeysOf(sort: readonly SortSpec[]): SortKey[] {
  const keys: SortKey[] = [];
  for (const s of sort) {
    const desc = s.sort !== 'asc';
    if (s.colId === 'id') return [...keys, { expr: 'o.id', column: 'id', desc, nullable: false }];
    if (s.colId === 'unitId' || s.colId === 'unitName') {
      keys.push({ expr: 'u.name', column: 'unit_name', desc, nullable: true });
      continue;
    }
    const def = FIELD_BY_KEY[s.colId as OrderFieldKey];
    if (def) keys.push({ expr: `o.${def.column}`, column: def.column, desc, nullable: !NOT_NULL_COLUMNS.has(def.column) });
  }
  if (keys.length === 0) return [{ expr: 'o.received_at', column: 'received_at', desc: true, nullable: false }, { expr: 'o.id', column: 'id', desc: true, nullable: false }];
  return [...keys, { expr: 'o.id', column: 'id', desc: sort[sort.length - 1]?.sort !== 'asc', nullable: false }];
}

function orderByOfKeys(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.expr} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
}

/** ORDER BY over whitelisted columns only; the last key is always id so pages are stable. */
export function orderByOfSort(sort: readonly SortSpec[]): string {
  return orderByOfKeys(sortKeysOf(sort));
}

/**
 * The condition "comes after the row whose keys are `values`" in the order of `keys`, with
 * SQLite's NULL ordering (NULL first ascending, last descending). The first key also gets a
 * plain range bound where one exists, so SQLite starts its index scan at the seek point.
 */
function afterCondition(keys: readonly SortKey[], values: readonly unknown[]): Where {
  let sql = '';
  let params: unknown[] = [];
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    const v = values[i];
    let later: Where | null;
    if (!k.desc) later = v === null ? { sql: `${k.expr} IS NOT NULL`, params: [] } : { sql: `${k.expr} > ?`, params: [v] };
    else if (v === null) later = null; // nothing sorts after NULL descending
    else later = k.nullable ? { sql: `(${k.expr} < ? OR ${k.expr} IS NULL)`, params: [v] } : { sql: `${k.expr} < ?`, params: [v] };
    if (i === keys.length - 1) {
      ({ sql, params } = later ?? { sql: '0', params: [] });
      continue;
    }
    const tie = { sql: `(${k.expr} IS ? AND ${sql})`, params: [v, ...params] };
    ({ sql, params } = later ? { sql: `(${later.sql} OR ${tie.sql})`, params: [...later.params, ...tie.params] } : tie);
  }
  const k0 = keys[0];
  const v0 = values[0];
  if (v0 === null) {
    if (k0.desc) return { sql: `${k0.expr} IS NULL AND ${sql}`, params };
  } else if (!k0.desc) {
    return { sql: `${k0.expr} >= ? AND ${sql}`, params: [v0, ...params] };
  } else if (!k0.nullable) {
    return { sql: `${k0.expr} <= ? AND ${sql}`, params: [v0, ...params] };
  }
  return { sql, params };
}

/** Rows between anchors; a jump reads at most this many index entries past its anchor. */
export const ANCHOR_STRIDE = 1000;
/** Block boundaries remembered per filter and sort. */
const MAX_BOUNDARIES = 256;
/** Filter-and-sort combinations remembered at once. */
const MAX_VIEWS = 16;
const MAX_STATEMENTS = 200;

/** What is known about one filter and sort in the current data version. */
interface View {
  filter: FilterSql;
  /** FROM and WHERE of the page queries, chosen once the count is known (see choosePageSource). */
  where: Where;
  keys: SortKey[];
  orderBy: string;
  from: string;
  count?: number;
  /** Position of a row → its key values: the last rows of blocks served. */
  boundaries: Map<number, unknown[]>;
  /** anchors[j] holds the key values of the row at position (j + 1) * ANCHOR_STRIDE - 1. */
  anchors: unknown[][];
  /** The anchors reach the end of the rows. */
  anchorsComplete: boolean;
  /** SQLite reads the rows in order from an index (else it sorts them all for every query). */
  ordered?: boolean;
}

/**
 * Counting a million rows on every block request would dominate paging, so the count of a
 * filter is kept until the ledger changes (PRAGMA data_version sees other connections' writes;
 * our own writes bump the generation), and so are the keyset boundaries and anchors.
 */
export class OrderPager {
  private views = new Map<string, View>();
  private statements = new Map<string, Database.Statement>();
  private seenVersion = -1;
  private generation = 0;
  private viewsGeneration = 0;

  /**
   * @param searchDriveLimit up to how many matches a text filter's pages start from the search
   * index (see countOf); a test sets it to exercise both ways.
   */
  constructor(private readonly db: Db, private readonly searchDriveLimit = 5000) {}

  /** Call after every write through this connection. */
  invalidate(): void {
    this.generation++;
    this.views.clear();
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private viewOf(filter: OrderFilter, sort: readonly SortSpec[]): View {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion || this.viewsGeneration !== this.generation) {
      this.seenVersion = version;
      this.viewsGeneration = this.generation;
      this.views.clear();
    }
    const fsql = filterSqlOf(filter);
    const keys = sortKeysOf(sort);
    const orderBy = orderByOfKeys(keys);
    const id = `${fsql.match}|${fsql.rest.sql}|${JSON.stringify(fsql.rest.params)}|${orderBy}`;
    let view = this.views.get(id);
    if (view) {
      this.views.delete(id); // most recently used last
    } else {
      if (this.views.size >= MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
      view = { filter: fsql, where: fsql.rest, keys, orderBy, from: 'orders o', boundaries: new Map(), anchors: [], anchorsComplete: false };
      this.choosePageSource(view);
    }
    this.views.set(id, view);
    return view;
  }

  /**
   * With a text filter, counting starts from the search index (a lookup per candidate) rather
   * than walking the whole ledger's index asking "is this one a candidate?". Pages do the same
   * when the matches are few: sorting a few thousand rows beats walking a million index entries
   * to find them. With many matches, pages walk the sort index and stop after one block.
   */
  private countOf(view: View): number {
    if (view.count === undefined) {
      const { rest, match } = view.filter;
      const counted = (match
        ? this.statement(`SELECT count(*) AS n FROM orders_search s CROSS JOIN orders o ON o.id = s.rowid WHERE orders_search MATCH ? AND ${rest.sql}`).get(match, ...rest.params)
        : this.statement(`SELECT count(*) AS n FROM orders o WHERE ${rest.sql}`).get(...rest.params)) as { n: number };
      view.count = counted.n;
    }
    return view.count;
  }

  private choosePageSource(view: View): void {
    const { rest, match } = view.filter;
    const units = view.keys.some((k) => k.expr.startsWith('u.')) ? ' LEFT JOIN units u ON u.id = o.unit_id' : '';
    if (match && this.countOf(view) <= this.searchDriveLimit) {
      view.from = `orders_search s CROSS JOIN orders o ON o.id = s.rowid${units}`;
      view.where = { sql: `orders_search MATCH ? AND ${rest.sql}`, params: [match, ...rest.params] };
    } else {
      view.from = `orders o${units}`;
      view.where = match ? { sql: `${MATCHED_IDS} AND ${rest.sql}`, params: [match, ...rest.params] } : rest;
    }
  }

  /** The key values of a row in the result of a page query. */
  private keyValuesOf(view: View, row: Record<string, unknown>): unknown[] {
    return view.keys.map((k) => row[k.column] ?? null);
  }

  /** SQL of the rows of `view` after the given key (or from the first row). */
  private seekSql(view: View, after: unknown[] | null, select: string, tail: string): { sql: string; params: unknown[] } {
    const cond = after ? afterCondition(view.keys, after) : null;
    const sql = `SELECT ${select} FROM ${view.from} WHERE ${view.where.sql}${cond ? ` AND ${cond.sql}` : ''} ORDER BY ${view.orderBy} ${tail}`;
    return { sql, params: cond ? [...view.where.params, ...cond.params] : [...view.where.params] };
  }

  /**
   * Makes anchors up to index `upTo` (or as far as the rows go). When an index gives the order,
   * each anchor is a seek past the previous one plus ANCHOR_STRIDE index entries, and only the
   * anchors up to the jump are made. When SQLite has to sort (a column without an index, or the
   * few matches of a search), each such step would sort everything again, and with a text filter
   * each would look up all the matches in the search index again, so then all anchors are taken
   * in one pass instead.
   */
  private extendAnchors(view: View, upTo: number): void {
    const keyColumns = view.keys.map((k, i) => `${k.expr} AS k${i}`).join(', ');
    if (view.ordered === undefined) {
      const probe = this.seekSql(view, null, keyColumns, 'LIMIT 1');
      const plan = this.db.prepare(`EXPLAIN QUERY PLAN ${probe.sql}`).all(...probe.params) as { detail: string }[];
      view.ordered = !plan.some((p) => /TEMP B-TREE FOR (ORDER|RIGHT PART OF ORDER)/.test(p.detail));
    }
    if (!view.ordered || view.filter.match) {
      if (view.anchorsComplete) return;
      const names = view.keys.map((_, i) => `k${i}`).join(', ');
      const sql = `SELECT ${names} FROM (SELECT ${keyColumns}, row_number() OVER (ORDER BY ${view.orderBy}) AS rn
        FROM ${view.from} WHERE ${view.where.sql}) WHERE rn % ${ANCHOR_STRIDE} = 0 ORDER BY rn`;
      view.anchors = this.statement(sql).raw().all(...view.where.params) as unknown[][];
      view.anchorsComplete = true;
      return;
    }
    while (view.anchors.length <= upTo && !view.anchorsComplete) {
      const last = view.anchors.length > 0 ? view.anchors[view.anchors.length - 1] : null;
      const q = this.seekSql(view, last, keyColumns, `LIMIT 1 OFFSET ${ANCHOR_STRIDE - 1}`);
      const row = this.statement(q.sql).raw().get(...q.params) as unknown[] | undefined;
      if (!row) view.anchorsComplete = true;
      else view.anchors.push(row);
    }
  }

  /** Where to start reading for `startRow`: after which key, skipping how many rows. */
  private startOf(view: View, startRow: number): { after: unknown[] | null; skip: number } {
    if (startRow === 0) return { after: null, skip: 0 };
    const exact = view.boundaries.get(startRow - 1);
    if (exact) return { after: exact, skip: 0 };
    let best = -1;
    for (const position of view.boundaries.keys()) if (position < startRow && position > best) best = position;
    const anchorIndex = Math.floor(startRow / ANCHOR_STRIDE) - 1; // anchor at (j+1)*STRIDE-1 <= startRow-1
    const anchorPosition = (anchorIndex + 1) * ANCHOR_STRIDE - 1;
    if (best >= 0 && best >= anchorPosition) return { after: view.boundaries.get(best)!, skip: startRow - 1 - best };
    if (anchorIndex < 0) return { after: null, skip: startRow };
    this.extendAnchors(view, anchorIndex);
    const j = Math.min(anchorIndex, view.anchors.length - 1);
    if (j < 0) return { after: null, skip: startRow };
    return { after: view.anchors[j], skip: startRow - 1 - ((j + 1) * ANCHOR_STRIDE - 1) };
  }

  page(filter: OrderFilter, sort: readonly SortSpec[], startRow: number, endRow: number): { rows: OrderRow[]; rowCount: number } {
    const view = this.viewOf(filter, sort);
    const rowCount = this.countOf(view);
    const limit = Math.min(Math.max(endRow - startRow, 0), 1000);
    if (limit === 0 || startRow >= rowCount) return { rows: [], rowCount };
    const { after, skip } = this.startOf(view, startRow);
    // Page the ids first over the narrow index, then read the wide rows of that one page only.
    const ids = this.seekSql(view, after, 'o.id', 'LIMIT ? OFFSET ?');
    const rows = this.statement(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id IN (${ids.sql}) ORDER BY ${view.orderBy}`)
      .all(...ids.params, limit, skip) as Record<string, string | number | null>[];
    if (rows.length > 0) {
      if (view.boundaries.size >= MAX_BOUNDARIES) view.boundaries.delete(view.boundaries.keys().next().value!);
      view.boundaries.set(startRow + rows.length - 1, this.keyValuesOf(view, rows[rows.length - 1]));
    }
    return { rows: rows.map(toOrderRow), rowCount };
  }
}
