// Writes from the grid: every one goes through the API, updates the rows it changed in place,
// reports refusals in Chinese, and leaves one step on the clerk's undo stack.
import { useCallback } from 'react';
import type { GridApi } from 'ag-grid-community';
import { call, messageOf } from '../api';
import type { AppliedEdit, CellEdit, OrderRow, RefusedEdit } from '../../shared/api';
import { FIELD_BY_KEY, type OrderFieldKey } from '../../shared/fields';
import { showToast } from '../components/Toast';
import type { EditStack } from './editStack';

type EditValue = CellEdit['value'];
export interface LooseEdit { id: number; field: string; value: EditValue }
type Reason = 'edit' | 'paste' | 'undo' | 'redo';

function refusalText(refused: readonly RefusedEdit[], rowLabel: (id: number) => string): string {
  const first = refused.slice(0, 3).map((r) => `${rowLabel(r.id)}：${r.message}`).join('；');
  return `${refused.length} 个单元格未保存。${first}${refused.length > 3 ? '…' : ''}`;
}

export function useLedgerWrites(api: GridApi<OrderRow> | null, stack: EditStack, onChanged: () => void) {
  const rowLabel = useCallback(
    (id: number) => {
      const no = api?.getRowNode(String(id))?.data?.orderNo;
      return no ? `工单 ${no}` : `工单 #${id}`;
    },
    [api],
  );

  /** Sends edits, puts the returned rows into the grid, and returns what landed. */
  const send = useCallback(
    async (edits: readonly LooseEdit[], reason: Reason): Promise<AppliedEdit[]> => {
      if (edits.length === 0) return [];
      const result = await call('orders.applyEdits', { edits: edits as CellEdit[], reason });
      for (const row of result.rows) api?.getRowNode(String(row.id))?.setData(row);
      if (result.refused.length > 0) {
        showToast(refusalText(result.refused, rowLabel), 'error');
        const nodes = result.refused.map((r) => api?.getRowNode(String(r.id))).filter((n) => n !== undefined);
        api?.flashCells({ rowNodes: nodes, columns: [...new Set(result.refused.map((r) => r.field))], flashDuration: 1500 });
      }
      onChanged();
      return result.applied;
    },
    [api, rowLabel, onChanged],
  );

  /** Applies edits as one undoable step. */
  const applyAsStep = useCallback(
    async (edits: readonly LooseEdit[], reason: 'edit' | 'paste', label: string) => {
      try {
        const applied = await send(edits, reason);
        if (applied.length === 0) return applied;
        stack.push({
          label,
          undo: async () => void (await send(applied.map((a) => ({ id: a.id, field: a.field, value: a.oldValue })), 'undo')),
          redo: async () => void (await send(applied.map((a) => ({ id: a.id, field: a.field, value: a.newValue })), 'redo')),
        });
        return applied;
      } catch (e) {
        showToast(messageOf(e), 'error');
        return [];
      }
    },
    [send, stack],
  );

  const writeCell = useCallback(
    (row: OrderRow, field: string, value: EditValue) => {
      const label = FIELD_BY_KEY[field as OrderFieldKey]?.label ?? field;
      void applyAsStep([{ id: row.id, field, value }], 'edit', `修改 ${row.orderNo} 的${label}`);
    },
    [applyAsStep],
  );

  const setDeleted = useCallback(
    async (ids: number[], deleted: boolean) => {
      const run = async (d: boolean) => {
        await call('orders.setDeleted', { ids, deleted: d });
        api?.refreshInfiniteCache();
        onChanged();
      };
      try {
        await run(deleted);
        stack.push({ label: `${deleted ? '删除' : '恢复'} ${ids.length} 件工单`, undo: () => run(!deleted), redo: () => run(deleted) });
        showToast(`已${deleted ? '删除' : '恢复'} ${ids.length} 件工单${deleted ? '（可在回收站恢复，或按 Ctrl+Z 撤销）' : ''}`);
      } catch (e) {
        showToast(messageOf(e), 'error');
      }
    },
    [api, stack, onChanged],
  );

  const createOrder = useCallback(async (): Promise<OrderRow | null> => {
    try {
      const { order } = await call('orders.create', {});
      const setDel = async (d: boolean) => {
        await call('orders.setDeleted', { ids: [order.id], deleted: d });
        api?.refreshInfiniteCache();
        onChanged();
      };
      stack.push({ label: `新增工单 ${order.orderNo}`, undo: () => setDel(true), redo: () => setDel(false) });
      api?.refreshInfiniteCache();
      onChanged();
      showToast(`已新增工单 ${order.orderNo}`);
      return order;
    } catch (e) {
      showToast(messageOf(e), 'error');
      return null;
    }
  }, [api, stack, onChanged]);

  return { writeCell, applyAsStep, setDeleted, createOrder };
}
