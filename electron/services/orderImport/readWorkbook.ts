// Reading an order spreadsheet's first sheet with its cells raw: text stays text (工单编号 and
// phone numbers keep their digits), numbers stay numbers, date cells keep their serial number.
// Every way a file can be unreadable ends in AppError('bad_file') with a Chinese reason.
import * as XLSX from '@e965/xlsx';
import { AppError } from '../../../shared/result';
import { decodeText } from '../textDecoding';
import { assertSheetShape, readGuardedWorkbook, SPREADSHEET_LIMITS } from '../fileGuards';

/** A date cell: Excel's serial day number (days since 1899-12-30, fraction = time of day). */
export interface DateCell {
  serial: number;
}
export type RawCell = string | number | boolean | DateCell | null;

export interface RawSheet {
  sheetName: string;
  rows: RawCell[][];
  /** Merged ranges (0-based, inclusive) as SheetJS reports them. */
  merges: XLSX.Range[];
}

export interface ReadLimits {
  maxBytes: number;
  maxRows: number;
  /** Excel's own limit for one cell; a longer cell was not made by a spreadsheet program. */
  maxCellChars: number;
  /** Zip bomb guard: total uncompressed size and the ratio of any large entry. */
  maxUnzippedBytes: number;
  maxRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 300_000,
  maxCellChars: 32_767,
  maxUnzippedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
};

export function isDateCell(c: RawCell): c is DateCell {
  return typeof c === 'object' && c !== null;
}

const bad = (message: string) => new AppError('bad_file', message);

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

/**
 * Checks a zip (xlsx) before anything inflates it: the central directory must be complete
 * (else the file was truncated) and the declared sizes must not explode (a zip bomb).
 */
export function inspectZip(fileName: string, bytes: Uint8Array, limits: ReadLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw bad(`文件 ${fileName} 不完整（可能在下载或复制时被截断），请重新导出后再导入`);
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd) throw bad(`文件 ${fileName} 不完整（可能在下载或复制时被截断），请重新导出后再导入`);
  let total = 0;
  for (let i = 0, p = cdOffset; i < entries; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw bad(`文件 ${fileName} 已损坏，无法读取`);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    if (size === 0xffffffff || compressed === 0xffffffff) throw bad(`文件 ${fileName} 解压后过大，不是正常的工单表格`);
    total += size;
    if (size > 10 * 1024 * 1024 && size / Math.max(compressed, 1) > limits.maxRatio) {
      throw bad(`文件 ${fileName} 压缩比异常（疑似“压缩炸弹”），已拒绝导入`);
    }
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  if (total > limits.maxUnzippedBytes) throw bad(`文件 ${fileName} 解压后超过 ${Math.round(limits.maxUnzippedBytes / 1048576)} MB，已拒绝导入；请分批导出`);
}

function countLines(text: string, stopAt: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && n <= stopAt; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function tooManyRows(fileName: string, limits: ReadLimits): AppError {
  return bad(`文件 ${fileName} 超过 ${limits.maxRows.toLocaleString('en-US')} 行，请按月份分批导出后再导入`);
}

function parseWorkbook(fileName: string, bytes: Uint8Array, limits: ReadLimits): XLSX.WorkBook {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'txt') {
    const { text } = decodeText(bytes);
    if (countLines(text, limits.maxRows + 1) > limits.maxRows + 1) throw tooManyRows(fileName, limits);
    // raw: every CSV cell stays the text it is (no 00123 → 123, no dates guessed).
    return XLSX.read(text, { type: 'string', raw: true, dense: true });
  }
  if (ext !== 'xlsx' && ext !== 'xls' && ext !== 'xlsm') {
    throw bad(`不支持的文件类型${ext ? ` .${ext}` : ''}（请选择 .xlsx、.xls 或 .csv 文件）`);
  }
  if (startsWith(bytes, ZIP_MAGIC)) inspectZip(fileName, bytes, limits);
  else if (!startsWith(bytes, CFB_MAGIC) && !/^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)))) {
    throw bad(`文件 ${fileName} 不是 Excel 表格（内容与扩展名 .${ext} 不符）`);
  }
  // Whole zip/BIFF before SheetJS (fuzz: it hangs on corrupt ones). sheetRows stops SheetJS at the
  // limit; !fullref then still tells how many rows there were.
  return readGuardedWorkbook(fileName, bytes, {
    type: 'buffer', dense: true, raw: true, cellFormula: true, cellNF: true, cellText: false, cellDates: false,
    cellHTML: false, sheetRows: limits.maxRows + 31, WTF: false,
  }, { ...SPREADSHEET_LIMITS, maxUnzippedBytes: limits.maxUnzippedBytes });
}

/** The first sheet of a spreadsheet file, cells raw. */
export function readRawSheet(fileName: string, bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): RawSheet {
  if (bytes.length === 0) throw bad(`文件 ${fileName} 是空的（0 字节）`);
  if (bytes.length > limits.maxBytes) throw bad(`文件 ${fileName} 超过 ${Math.round(limits.maxBytes / 1048576)} MB，请按月份分批导出后再导入`);
  let wb: XLSX.WorkBook;
  try {
    wb = parseWorkbook(fileName, bytes, limits);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message ?? '';
    if (/password|encrypt/i.test(msg)) throw bad(`文件 ${fileName} 有密码保护，请在 Excel 中取消密码后再导入`);
    throw bad(`无法读取文件 ${fileName}：文件已损坏或不是表格文件`);
  }
  const sheetName = wb.SheetNames[0];
  const sheet = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheet) throw bad(`文件 ${fileName} 中没有工作表`);
  const fullRef = sheet['!fullref'] ?? sheet['!ref'];
  if (fullRef && XLSX.utils.decode_range(fullRef).e.r + 1 > limits.maxRows + 30) throw tooManyRows(fileName, limits);
  assertSheetShape(fileName, sheet); // no row wider than Excel's 16,384 columns (fuzz: 60 million)
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const rows: RawCell[][] = new Array(data.length);
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src) { rows[r] = []; continue; }
    const out: RawCell[] = new Array(src.length);
    for (let c = 0; c < src.length; c++) out[c] = rawCellOf(fileName, src[c], r, c, limits);
    rows[r] = out;
    // SheetJS's cell objects are several times the size of what we keep: let each row go as soon
    // as it is converted, so the two copies of a 100,000-row sheet never coexist.
    data[r] = undefined as never;
  }
  return { sheetName, rows, merges: sheet['!merges'] ?? [] };
}

function rawCellOf(fileName: string, cell: XLSX.CellObject | undefined, r: number, c: number, limits: ReadLimits): RawCell {
  if (!cell) return null;
  if (cell.f) {
    throw bad(`文件 ${fileName} 含公式（第 ${r + 1} 行第 ${XLSX.utils.encode_col(c)} 列），请在 Excel 中把公式转为数值（复制后“选择性粘贴 → 数值”）再导入`);
  }
  switch (cell.t) {
    case 's': {
      const v = cell.v as string;
      if (v.length > limits.maxCellChars) {
        throw bad(`文件 ${fileName} 第 ${r + 1} 行第 ${XLSX.utils.encode_col(c)} 列的内容超过 ${limits.maxCellChars} 字，不是正常的工单表格`);
      }
      return v;
    }
    case 'n': {
      const fmt = typeof cell.z === 'string' ? cell.z : undefined;
      if (fmt && fmt !== 'General' && XLSX.SSF.is_date(fmt)) return { serial: cell.v as number };
      // A zero-padded number format ("000000") is how some exports keep leading zeros.
      if (fmt && /^0{2,}$/.test(fmt)) return XLSX.SSF.format(fmt, cell.v as number);
      return cell.v as number;
    }
    case 'b':
      return cell.v as boolean;
    case 'd':
      return cell.v instanceof Date ? { serial: cell.v.getTime() / 86_400_000 + 25569 } : null;
    default:
      return null;
  }
}
