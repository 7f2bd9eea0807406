// Pieces every part of the contract uses.
import { z } from 'zod';

export interface MethodSpec {
  /**
   * A write runs in one transaction and invalidates cached pages; a read does neither; an
   * asyncRead is a read that answers with a promise (a file made by Chromium, docx or exceljs)
   * and is reached through dispatchAsync (both transports use it; the CLI has callAsync).
   */
  kind: 'read' | 'write' | 'asyncRead';
  input: z.ZodType;
  output: z.ZodType;
}

/** A file's bytes travel through the API as base64 so one code path serves IPC and HTTP. */
export const FileUpload = z.strictObject({ fileName: z.string().min(1).max(260), base64: z.string().max(70_000_000) });

export const empty = z.strictObject({});
export const ok = z.object({ ok: z.literal(true) });
