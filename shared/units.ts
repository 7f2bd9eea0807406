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

// The words offices put in a 单位类型 column. Towns: 镇街, 乡镇, 街道(办), 镇(街道)…;
// departments: 部门, 县直部门, 县直单位, 企业…
const TOWN_LABELS = /^(镇街|镇|乡|乡镇|街道|街道办|街道办事处|镇街道|乡镇街道|乡镇（街道）|乡镇\(街道\)|镇（街道）|镇\(街道\)|town)$/;
const DEPT_LABELS = /^((县|区|市)直)?(部门|单位|部门单位|企业|企事业单位|dept)$/;

export function unitKindFromLabel(label: string): UnitKind | null {
  const t = label.replace(/\s/g, '');
  if (TOWN_LABELS.test(t) || t === UNIT_KIND_LABEL.town) return 'town';
  if (DEPT_LABELS.test(t) || t === UNIT_KIND_LABEL.dept) return 'dept';
  return null;
}
