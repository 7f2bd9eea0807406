// Pages rendered by pdftoppm, read and measured like a reader with a ruler: ink rows, boxes, red.
import fs from 'node:fs';

export interface Raster { width: number; height: number; channels: number; data: Buffer }

/** Reads a binary PPM/PGM written by pdftoppm. */
export function readPnm(file: string): Raster {
  const buf = fs.readFileSync(file);
  const header: string[] = [];
  let pos = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) tok += String.fromCharCode(buf[pos++]);
    header.push(tok);
  }
  pos++;
  return { width: +header[1], height: +header[2], channels: header[0] === 'P6' ? 3 : 1, data: buf.subarray(pos) };
}

export function dark(r: Raster, x: number, y: number): boolean {
  const i = (y * r.width + x) * r.channels;
  return r.channels === 1 ? r.data[i] < 128 : r.data[i] + r.data[i + 1] + r.data[i + 2] < 3 * 128;
}

export function red(r: Raster, x: number, y: number): boolean {
  const i = (y * r.width + x) * 3;
  return r.data[i] > 200 && r.data[i + 1] < 80 && r.data[i + 2] < 80;
}

/** Rows of the page with ink between two x positions, grouped into text lines. */
export function inkRows(r: Raster, x0: number, x1: number, y0: number, y1: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let y = y0; y < y1; y++) {
    let ink = false;
    for (let x = x0; x < x1 && !ink; x++) ink = dark(r, x, y);
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) { out.push([start, y]); start = -1; }
  }
  if (start >= 0) out.push([start, y1]);
  return out;
}

export function bbox(r: Raster, y0: number, y1: number): { left: number; right: number; top: number; bottom: number } {
  let left = r.width, right = 0, top = r.height, bottom = 0;
  for (let y = y0; y < y1; y++) for (let x = 0; x < r.width; x++) {
    if (!dark(r, x, y)) continue;
    left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
  }
  return { left, right, top, bottom };
}

/** The box of ink between two heights given in mm, in mm from the page's left and top edges. */
export function bboxMm(r: Raster, pxPerMm: number, y0Mm: number, y1Mm: number): { left: number; right: number; top: number; bottom: number } {
  const b = bbox(r, Math.round(y0Mm * pxPerMm), Math.round(y1Mm * pxPerMm));
  return { left: b.left / pxPerMm, right: b.right / pxPerMm, top: b.top / pxPerMm, bottom: b.bottom / pxPerMm };
}

/** The longest row of red pixels on the page, in pixels: the 版头's red rule. */
export function widestRedRow(r: Raster): number {
  let best = 0;
  for (let y = 0; y < r.height; y++) {
    let n = 0;
    for (let x = 0; x < r.width; x++) if (red(r, x, y)) n++;
    best = Math.max(best, n);
  }
  return best;
}
