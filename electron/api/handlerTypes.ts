// How handlers are typed: one plain function per method of a contract area.
import type { z } from 'zod';
import type { MethodSpec } from '../../shared/contract/common';
import type { HandlerContext } from './context';

export type HandlersFor<T extends Record<string, MethodSpec>> = {
  [M in keyof T]: (ctx: HandlerContext, input: z.output<T[M]['input']>) => z.output<T[M]['output']>;
};
