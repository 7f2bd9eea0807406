// The one contract between the renderer and the main side: every method once, as data.
// Transports (Electron IPC, loopback HTTP) and the CLI dispatch through this table; a handler
// only ever sees input that parsed against its schema (unknown fields are refused: strictObject).
// Each area of the app declares its methods in shared/contract/<area>.ts; this file joins them.
import type { z } from 'zod';
import type { MethodSpec } from './contract/common';
import { appMethods } from './contract/app';
import { ordersMethods } from './contract/orders';
import { unitsMethods } from './contract/units';
import { deadlinesMethods } from './contract/deadlines';
import { statsMethods } from './contract/stats';
import { importsMethods } from './contract/imports';
import { backupsMethods } from './contract/backups';
import { bulletinsMethods } from './contract/bulletins';

export * from './contract/app';
export * from './contract/orders';
export * from './contract/units';
export * from './contract/deadlines';
export * from './contract/stats';
export * from './contract/imports';
export * from './contract/backups';
export * from './contract/bulletins';

export const api = {
  ...appMethods,
  ...ordersMethods,
  ...unitsMethods,
  ...deadlinesMethods,
  ...statsMethods,
  ...importsMethods,
  ...backupsMethods,
  ...bulletinsMethods,
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}
