// Guards for spreadsheets from anywhere, before and after SheetJS reads them.
//
// Before: an .xlsx is a zip. SheetJS's own inflate loops forever on some corrupted deflate streams
// (found by the fuzzer: a flipped byte in one entry hangs XLSX.read), and it believes the sizes a
// zip declares (a zip bomb can lie). So every entry is inflated here first with zlib and checked
// against its CRC and declared size; only a zip that is whole reaches SheetJS. The inflated bytes
// are kept, for the one XLSX.read that follows (readGuardedWorkbook), so no entry is inflated twice:
// SheetJS holds every inflated entry of a zip while it parses it anyway, and is handed these same
// buffers, so keeping them from the check to the read adds no copy. Nothing is kept past that read.
// After: the used range SheetJS reports comes from the file (<dimension ref="A1:XFD1048576">), and
// a cell of an unknown type makes sheet_to_json throw a plain Error. The rows are taken from the
// cells actually present, within limits, and any failure becomes a Chinese refusal.
import zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { AppError } from '../../shared/result';

export const SPREADSHEET_LIMITS = {
  maxEntries: 5_000,
  /** All entries together, inflated. A 100,000-row order export is about 60 MB of XML. */
  maxUnzippedBytes: 256 * 1024 * 1024,
  /** Rows × columns that reach sheet_to_json. */
  maxCells: 20_000_000,
};

const bad = (message: string) => new AppError('bad_file', message);

/** No entry a checked spreadsheet holds inflates past this (the largest total any reader allows). */
const SPREADSHEET_INFLATE_MAX = 1024 * 1024 * 1024;

/** One deflated entry the guard inflated: its deflate stream exactly as far as zlib read it, and its bytes. */
interface Inflated {
  stream: Uint8Array;
  bytes: Buffer;
}

/**
 * The entries of the zip being read by readGuardedWorkbook, in the order the guard met them in the
 * central directory (the order SheetJS inflates them in). Set for that one XLSX.read, then cleared.
 */
let beingRead: { entries: Inflated[]; next: number } | null = null;

/**
 * The guard's bytes for the deflate data SheetJS asks for, if it is the next guarded entry. SheetJS
 * passes the rest of the file from the entry's data on; its stream must be byte for byte the one
 * the guard inflated (inflating the same stream gives the same bytes, and zlib stops at its end).
 */
function guardedBytesOf(input: Uint8Array): Inflated | undefined {
  const entry = beingRead?.entries[beingRead.next];
  // SheetJS passes a plain array when it reads one; what the guard checked is always bytes.
  if (!entry || !(input instanceof Uint8Array) || input.length < entry.stream.length) return undefined;
  if (!Buffer.from(input.buffer, input.byteOffset, entry.stream.length).equals(entry.stream)) return undefined;
  beingRead!.next++;
  return entry;
}

/**
 * SheetJS inflates an .xlsx with its own JavaScript inflate (about 1.5 s of CPU for a 100,000-row
 * file) unless given zlib: this is the zlib-shaped object it takes (CFB.utils.use_zlib), reporting
 * the input it read as bytesRead without Node's deprecated getter of that name (a warning on stderr
 * otherwise). Within readGuardedWorkbook it hands back what the guard inflated; anything else
 * (a zip inside an .xls, a read outside it) is inflated here, bounded.
 */
const zlibForSheetJs = {
  InflateRaw: class {
    readonly _finishFlushFlag = zlib.constants.Z_FINISH;
    bytesRead = 0;
    _processChunk(input: Uint8Array): Buffer {
      const guarded = guardedBytesOf(input);
      if (guarded) {
        this.bytesRead = guarded.stream.length;
        return guarded.bytes;
      }
      const { buffer, engine } = zlib.inflateRawSync(input, { info: true, maxOutputLength: SPREADSHEET_INFLATE_MAX }) as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
      this.bytesRead = engine.bytesWritten;
      return buffer;
    }
  },
  deflateRawSync: (input: Uint8Array) => zlib.deflateRawSync(input),
};
(XLSX.CFB.utils as unknown as { use_zlib(z: unknown): void }).use_zlib(zlibForSheetJs);

const isCfb = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * XLSX.read of a spreadsheet that has passed the guard, each zip entry inflated once (by the guard).
 * Refuses, with a Chinese reason, a zip-based spreadsheet that is truncated, corrupted, or inflates
 * beyond the limits, and a damaged .xls; other files (.csv, XML) go to SheetJS as they are.
 */
export function readGuardedWorkbook(fileName: string, bytes: Uint8Array, options: XLSX.ParsingOptions, limits = SPREADSHEET_LIMITS): XLSX.WorkBook {
  const entries = guardedEntries(fileName, bytes, limits);
  beingRead = { entries, next: 0 };
  try {
    return XLSX.read(bytes, options);
  } finally {
    beingRead = null;
  }
}

/** The guard: every deflated entry of a zip-based spreadsheet, inflated and checked (none for other files). */
function guardedEntries(fileName: string, bytes: Uint8Array, limits: typeof SPREADSHEET_LIMITS): Inflated[] {
  if (!/\.(xlsx|xlsm|xls)$/i.test(fileName)) return []; // other types are refused by the readers with their own message
  if (isCfb(bytes)) {
    assertWholeBiff(fileName, bytes);
    return [];
  }
  if (!isZip(bytes)) return [];
  const broken = () => bad(`文件 ${fileName} 已损坏（压缩包内容不完整或校验不符），无法读取；请重新从平台导出`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw broken();
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries > limits.maxEntries) throw bad(`文件 ${fileName} 内含 ${entries} 个部件，不是正常的表格文件`);
  if (cdOffset + cdSize > eocd) throw broken();
  const inflated: Inflated[] = [];
  let total = 0;
  for (let i = 0, p = cdOffset; i < entries; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) throw broken();
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw broken();
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) throw broken();
    if (total + size > limits.maxUnzippedBytes) {
      throw bad(`文件 ${fileName} 解压后超过 ${Math.round(limits.maxUnzippedBytes / 1048576)} MB（疑似“压缩炸弹”），已拒绝读取`);
    }
    const data = bytes.subarray(start, start + compressed);
    let crcOf: number;
    if (method === 0) {
      if (compressed !== size) throw broken();
      crcOf = crc32(data);
    } else if (method === 8) {
      const { crc: crcOfBytes, ...entry } = inflateEntry(data, size, fileName, broken);
      inflated.push(entry);
      crcOf = crcOfBytes;
    } else throw bad(`文件 ${fileName} 使用了不支持的压缩方式，请用 Excel 另存为 .xlsx 后再导入`);
    if (crcOf !== crc) throw broken();
    total += size;
  }
  return inflated;
}

function crc32(buf: Uint8Array, previous = 0): number {
  return zlib.crc32(buf, previous) >>> 0;
}

// zlib's native handle, driven the way Node's own inflateRawSync drives it, but writing straight
// into a buffer of the entry's declared size, a window at a time, so a lying entry is refused as
// soon as it passes that size instead of after inflating it all. Node has no public synchronous
// streaming inflate, and the handlers that guard a file are synchronous (a write is one
// better-sqlite3 transaction). Where the handle is not there (another runtime), inflateRawSync
// bounded by the declared size does the same check.
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
type InflateInternals = zlib.InflateRaw & { _handle?: ZlibHandle; _writeState?: Uint32Array };

const WINDOW = 256 * 1024;

/**
 * A raw-deflate entry inflated into its declared size, with the CRC of its bytes. More bytes than
 * the entry declares is a zip bomb (refused as soon as it shows); fewer, or corrupt deflate data,
 * is a broken file.
 */
function inflateEntry(data: Uint8Array, declared: number, fileName: string, broken: () => AppError): Inflated & { crc: number } {
  const bomb = () => bad(`文件 ${fileName} 解压后的大小与声明不符（疑似“压缩炸弹”），已拒绝读取`);
  const inflate = zlib.createInflateRaw() as InflateInternals;
  let failure: unknown = null;
  inflate.on('error', (e) => { failure = e; });
  const handle = inflate._handle;
  const state = inflate._writeState;
  try {
    if (!handle || typeof handle.writeSync !== 'function' || !state) {
      let out: Buffer;
      let read: number;
      try {
        const { buffer, engine } = zlib.inflateRawSync(data, { info: true, maxOutputLength: Math.max(declared, 1) + 1 }) as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
        out = buffer;
        read = engine.bytesWritten;
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
        throw broken();
      }
      if (out.length !== declared) throw broken();
      return { stream: data.subarray(0, read), bytes: out, crc: crc32(out) };
    }
    const out = Buffer.allocUnsafe(declared);
    // Once the declared size is full, one more small window shows whether the stream goes on.
    const beyond = Buffer.allocUnsafe(1024);
    let crc = 0;
    let seen = 0;
    let inOff = 0;
    let inLeft = data.length;
    for (;;) {
      const room = Math.min(WINDOW, declared - seen);
      if (room > 0) handle.writeSync(zlib.constants.Z_FINISH, data, inOff, inLeft, out, seen, room);
      else handle.writeSync(zlib.constants.Z_FINISH, data, inOff, inLeft, beyond, 0, beyond.length);
      // zlib reports corrupt or truncated data by closing the handle (the error event comes later).
      if (failure || !inflate._handle) throw broken();
      const outLeft = state[0];
      const inAfter = state[1];
      if (room === 0 && outLeft !== beyond.length) throw bomb();
      const have = room > 0 ? room - outLeft : 0;
      if (have > 0) crc = crc32(out.subarray(seen, seen + have), crc); // while the window is in cache
      seen += have;
      inOff += inLeft - inAfter;
      inLeft = inAfter;
      if (outLeft !== 0) break; // the window was not filled: the stream is finished
    }
    if (seen !== declared) throw broken();
    return { stream: data.subarray(0, inOff), bytes: out, crc };
  } finally {
    inflate.close();
  }
}

/**
 * A legacy .xls: the records of its Workbook stream must tile the stream. SheetJS's BIFF reader
 * loops forever on some records whose length runs past the end (found by the fuzzer), so a
 * stream that does not tile is refused as damaged before SheetJS sees it.
 */
function assertWholeBiff(fileName: string, bytes: Uint8Array): void {
  let stream: Uint8Array | undefined;
  try {
    const cfb = XLSX.CFB.read(bytes, { type: 'buffer' }) as { FullPaths: string[]; FileIndex: { content?: Uint8Array }[] };
    // A password-protected .xlsx is a CFB too: its reader gives the clerk the password message.
    if (cfb.FullPaths.some((p) => /EncryptionInfo$/.test(p))) return;
    const i = cfb.FullPaths.findIndex((p) => /\/(Workbook|Book)$/i.test(p));
    const content = i >= 0 ? cfb.FileIndex[i].content : undefined;
    // SheetJS gives a stream's content as a Uint8Array or, for some damaged files, a plain array.
    stream = content ? Uint8Array.from(content) : undefined;
  } catch {
    throw bad(`文件 ${fileName} 已损坏，无法读取；请重新从平台导出`);
  }
  if (!stream) return; // not a workbook: SheetJS refuses it with its own message
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  let p = 0;
  while (p + 4 <= stream.length) {
    const type = view.getUint16(p, true);
    const length = view.getUint16(p + 2, true);
    if (type === 0 && length === 0) break; // zero padding after the last record
    if (p + 4 + length > stream.length) throw bad(`文件 ${fileName} 已损坏（第 ${p} 字节处的记录超出文件），无法读取；请重新从平台导出`);
    p += 4 + length;
  }
}

/** Excel's widest row. SheetJS accepts a cell reference past it (found by the fuzzer: a row 60 million cells wide). */
const EXCEL_MAX_COLUMNS = 16_384;

/** Refuses a sheet with a row wider than Excel allows, before anything walks its cells. */
export function assertSheetShape(fileName: string, sheet: XLSX.WorkSheet): void {
  const data = sheet['!data'] as unknown[][] | undefined;
  if (!data) return;
  for (let r = 0; r < data.length; r++) {
    if (data[r] && data[r].length > EXCEL_MAX_COLUMNS) throw bad(`文件 ${fileName} 第 ${r + 1} 行超过 Excel 的最大列数（${EXCEL_MAX_COLUMNS} 列），文件已损坏`);
  }
}

/** The first sheet's rows from the cells actually present, within limits; never a plain Error. */
export function sheetRowsOf(fileName: string, sheet: XLSX.WorkSheet): unknown[][] {
  assertSheetShape(fileName, sheet);
  const data = sheet['!data'] as unknown[][] | undefined;
  if (data) {
    // The used range of the cells that exist, not the one the file declares.
    let cols = 0;
    for (const row of data) if (row && row.length > cols) cols = row.length;
    if (data.length * Math.max(cols, 1) > SPREADSHEET_LIMITS.maxCells) {
      throw bad(`文件 ${fileName} 的表格过大（${data.length} 行 × ${cols} 列），请分批导出后再导入`);
    }
    sheet['!ref'] = data.length === 0 || cols === 0 ? 'A1:A1' : XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length - 1, c: cols - 1 } });
  }
  try {
    return XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: false, defval: '', blankrows: true, range: 0 });
  } catch {
    throw bad(`无法读取文件 ${fileName}：文件已损坏或不是表格文件`);
  }
}
