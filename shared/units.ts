// Units (承办单位): towns and street offices (镇街) or departments (部门).
export type UnitKind = 'town' | 'dept';

export const UNIT_KIND_LABEL: Record<UnitKind, string> = { town: '镇街', dept: '部门' };

// 社区 (a residential community under a street office) is territorial like its 街道: offices that
// dispatch to communities score them with the towns, not with the county departments.
const TOWN_SUFFIXES = ['街道办事处', '街道办', '街道', '镇', '乡', '社区'];

/** The kind a new unit most likely is, from its name: 镇、乡、街道(办事处)、社区 are towns. */
export function guessUnitKind(name: string): UnitKind {
  const n = name.trim().replace(/（.*）$|\(.*\)$/, '');
  return TOWN_SUFFIXES.some((s) => n.endsWith(s)) ? 'town' : 'dept';
}

export function unitKindFromLabel(label: string): UnitKind | null {
  const t = label.trim();
  if (t === '镇街' || t === '镇' || t === '街道' || t === 'town' || t === '乡镇') return 'town';
  if (t === '部门' || t === '单位' || t === 'dept') return 'dept';
  return null;
}
