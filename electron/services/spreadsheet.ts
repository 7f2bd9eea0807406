// Reading the first sheet of a spreadsheet (.xlsx, .xls, .csv) as rows of text cells.
import * as XLSX from '@e965/xlsx';
import { AppError } from '../../shared/result';
import { decodeText } from './textDecoding';
import { readGuardedWorkbook, sheetRowsOf } from './fileGuards';

export type SheetRows = string[][];

const MAX_BYTES = 100 * 1024 * 1024;

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).trim();
}

/** The rows of the first sheet, every cell as the text it shows. Throws AppError('bad_file') with a Chinese reason. */
export function readSheetRows(fileName: string, bytes: Uint8Array): SheetRows {
  if (bytes.length === 0) throw new AppError('bad_file', `文件 ${fileName} 是空的`);
  if (bytes.length > MAX_BYTES) throw new AppError('bad_file', `文件 ${fileName} 超过 100 MB，请分批导入`);
  const ext = fileName.toLowerCase().split('.').pop();
  let workbook: XLSX.WorkBook;
  try {
    if (ext === 'csv' || ext === 'txt') {
      workbook = XLSX.read(decodeText(bytes).text, { type: 'string', raw: true, dense: true });
    } else if ((ext === 'xlsx' || ext === 'xlsm') && !(bytes[0] === 0x50 && bytes[1] === 0x4b) && !(bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
      // An .xlsx is a zip (or, with a password, an OLE container); SheetJS would read any other
      // bytes as text and the clerk would be told a column is missing instead of a broken file.
      throw new Error('not a zip');
    } else if (ext === 'xlsx' || ext === 'xls' || ext === 'xlsm') {
      // The zip checked and bounded before SheetJS sees it, each entry inflated once.
      workbook = readGuardedWorkbook(fileName, bytes, { type: 'buffer', raw: true, dense: true, cellFormula: false, cellHTML: false });
    } else {
      throw new AppError('bad_file', `不支持的文件类型 .${ext}（支持 .xlsx、.xls、.csv）`);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message ?? '';
    if (/password|encrypt/i.test(msg)) throw new AppError('bad_file', `文件 ${fileName} 有密码保护，请在 Excel 中取消密码后再导入`);
    throw new AppError('bad_file', `无法读取文件 ${fileName}：文件已损坏或不是表格文件`);
  }
  const sheet = workbook.Sheets[workbook.SheetNames[0]];
  if (!sheet) throw new AppError('bad_file', `文件 ${fileName} 中没有工作表`);
  // range: 0 starts at the sheet's first row even when its used range starts lower (Excel writes
  // e.g. B3:E40), so rows[i] is sheet row i + 1 and refused rows are reported by their real number.
  const rows = sheetRowsOf(fileName, sheet); // same options as before, within limits, never a plain Error
  return rows.map((r) => r.map(cellText));
}

/** The index of the header row: the first of the first 20 rows that holds all the required labels. */
export function findHeaderRow(rows: SheetRows, required: readonly string[]): number {
  for (let i = 0; i < Math.min(rows.length, 20); i++) {
    const cells = rows[i].map((c) => c.replace(/\s/g, ''));
    if (required.every((label) => cells.includes(label))) return i;
  }
  return -1;
}
