// Pages of orders for the grid's infinite row model: filter, sort and paging all in SQL.
import { FIELD_BY_KEY, type OrderFieldKey } from '../../shared/fields';
import { searchMatchExpression } from '../../shared/search';
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

export function whereOfFilter(filter: OrderFilter): Where {
  const parts = ['o.deleted = ?'];
  const params: unknown[] = [filter.deleted ? 1 : 0];
  if (filter.from) { parts.push('o.received_at >= ?'); params.push(startOf(filter.from)); }
  if (filter.to) { parts.push('o.received_at <= ?'); params.push(endOf(filter.to)); }
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('o.unit_id', filter.unitIds);
  inList('o.status', filter.statuses);
  inList('o.channel', filter.channels);
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const match = searchMatchExpression(text);
    if (match) {
      parts.push('o.id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?)');
      params.push(match);
    }
    // The index finds candidates; this confirms the exact substring in one of the searched fields.
    parts.push(`(instr(lower(o.order_no), ?) > 0 OR instr(lower(coalesce(o.content, '')), ?) > 0
      OR instr(lower(coalesce(o.caller, '')), ?) > 0 OR instr(coalesce(o.phone, ''), ?) > 0)`);
    params.push(text, text, text, text);
  }
  return { sql: parts.join(' AND '), params };
}

/** ORDER BY over whitelisted columns only; the last key is always id so pages are stable. */
export function orderByOfSort(sort: readonly SortSpec[]): string {
  const keys: string[] = [];
  for (const s of sort) {
    const dir = s.sort === 'asc' ? 'ASC' : 'DESC';
    if (s.colId === 'id') continue;
    if (s.colId === 'unitId' || s.colId === 'unitName') { keys.push(`u.name ${dir}`); continue; }
    const def = FIELD_BY_KEY[s.colId as OrderFieldKey];
    if (def) keys.push(`o.${def.column} ${dir}`);
  }
  if (keys.length === 0) return 'o.received_at DESC, o.id DESC';
  const lastDir = sort[sort.length - 1]?.sort === 'asc' ? 'ASC' : 'DESC';
  return `${keys.join(', ')}, o.id ${lastDir}`;
}

/**
 * Counting a million rows on every block request would dominate paging, so the count of a
 * filter is kept until the ledger changes (PRAGMA data_version sees other connections' writes;
 * our own writes bump the generation).
 */
export class OrderPager {
  private countCache = new Map<string, number>();
  private seenVersion = -1;
  private generation = 0;

  constructor(private readonly db: Db) {}

  /** Call after every write through this connection. */
  invalidate(): void {
    this.generation++;
    this.countCache.clear();
  }

  private cachedCount(where: Where, usesUnitJoin: boolean): number {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.countCache.clear();
    }
    const key = `${this.generation}|${where.sql}|${JSON.stringify(where.params)}`;
    let count = this.countCache.get(key);
    if (count === undefined) {
      const from = usesUnitJoin ? ORDER_FROM : 'orders o';
      count = (this.db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
      this.countCache.set(key, count);
    }
    return count;
  }

  page(filter: OrderFilter, sort: readonly SortSpec[], startRow: number, endRow: number): { rows: OrderRow[]; rowCount: number } {
    const where = whereOfFilter(filter);
    const orderBy = orderByOfSort(sort);
    const limit = Math.min(Math.max(endRow - startRow, 0), 1000);
    const needsJoin = orderBy.includes('u.name');
    // Page the ids first over the narrow index, then read the wide rows of that one page only.
    const idSql = `SELECT o.id FROM ${needsJoin ? ORDER_FROM : 'orders o'} WHERE ${where.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    const rows = this.db
      .prepare(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id IN (${idSql}) ORDER BY ${orderBy}`)
      .all(...where.params, limit, startRow) as Record<string, string | number | null>[];
    return { rows: rows.map(toOrderRow), rowCount: this.cachedCount(where, false) };
  }
}
