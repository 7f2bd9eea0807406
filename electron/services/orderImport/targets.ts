// What each spreadsheet column can fill, and how the platform's many headers and value
// spellings are recognised (resources/importAliases.json).
import aliases from '../../../resources/importAliases.json';
import { FIELD_BY_KEY, isEditableField, type DictKind, type EditableFieldKey } from '../../../shared/fields';
import { IMPORT_TARGETS } from '../../../shared/contract/imports';

/** Life-of-the-order fields stored in columns the deadlines migration adds; imported only where they exist. */
export type ExtraKey = 'timeLimit' | 'extendedTo' | 'reworkCount' | 'returnCount' | 'lateReturnCount' | 'alertCount' | 'visitSource';
export type TargetKey = EditableFieldKey | ExtraKey;

export const EXTRA_TARGETS: Record<ExtraKey, { column: string; parse: 'duration' | 'datetime' | 'count' | 'visitSource' }> = {
  timeLimit: { column: 'time_limit', parse: 'duration' },
  extendedTo: { column: 'extended_due_at', parse: 'datetime' },
  reworkCount: { column: 'rework_count', parse: 'count' },
  returnCount: { column: 'return_count', parse: 'count' },
  lateReturnCount: { column: 'late_return_count', parse: 'count' },
  alertCount: { column: 'alert_count', parse: 'count' },
  visitSource: { column: 'visit_source', parse: 'visitSource' },
};

export const TARGET_LABEL: Record<string, string> = Object.fromEntries(IMPORT_TARGETS.map((t) => [t.key, t.label]));

export function isTargetKey(key: string): key is TargetKey {
  return isEditableField(key) || key in EXTRA_TARGETS;
}

/** The SQL column a target writes. */
export function columnOfTarget(key: TargetKey): string {
  return isEditableField(key) ? FIELD_BY_KEY[key].column : EXTRA_TARGETS[key as ExtraKey].column;
}

/**
 * A header as compared with the dictionary: no spaces, no required-marks, no bracketed remarks
 * ("受理时间（必填）", "* 工单编号", "联系电话:").
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(【\[].*?[）)】\]]/g, '')
    .replace(/^[*＊]+|[*＊:：]+$/g, '');
}

const HEADER_TO_TARGET = new Map<string, TargetKey>();
for (const [key, names] of Object.entries(aliases.fields)) {
  for (const name of names) if (!HEADER_TO_TARGET.has(normalizeHeader(name))) HEADER_TO_TARGET.set(normalizeHeader(name), key as TargetKey);
}

/** The field a header means by the alias dictionary, if any. */
export function targetOfHeader(header: string): TargetKey | undefined {
  return HEADER_TO_TARGET.get(normalizeHeader(header));
}

const VALUE_ALIASES = aliases.values as Partial<Record<DictKind, Record<string, string>>>;

/** The dictionary's own spelling of a value the platform spells differently, if the dictionary knows one. */
export function builtinValueAlias(kind: DictKind, value: string): string | undefined {
  return VALUE_ALIASES[kind]?.[value];
}

/** Values in visit columns that mean "not asked": left empty rather than refused. */
export const NOT_ASKED = new Set(['未回访', '未抽访', '无', '—', '-', '/', '／', '暂无', '无需回访']);
