// How handlers are typed: one plain function per method of a contract area.
import type { z } from 'zod';
import type { MethodSpec } from '../../shared/contract/common';
import type { HandlerContext } from './context';

export type HandlersFor<T extends Record<string, MethodSpec>> = {
  // Only an 'asyncRead' answers with a promise (files rendered by Chromium, docx, exceljs).
  [M in keyof T]: (
    ctx: HandlerContext,
    input: z.output<T[M]['input']>,
  ) => T[M]['kind'] extends 'asyncRead' ? Promise<z.output<T[M]['output']>> : z.output<T[M]['output']>;
};
