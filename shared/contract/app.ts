// The app itself: what ledger is open, dictionaries, the page's own settings, demo data.
import { z } from 'zod';
import { empty, ok, type MethodSpec } from './common';

export const Dictionaries = z.object({
  channel: z.array(z.string()),
  appealType: z.array(z.string()),
  category: z.array(z.string()),
  urgency: z.array(z.string()),
  handling: z.array(z.string()),
  satisfaction: z.array(z.string()),
  resolved: z.array(z.string()),
});
export type Dictionaries = z.infer<typeof Dictionaries>;


export const appMethods = {
  'app.info': {
    kind: 'read',
    input: empty,
    output: z.object({ ledgerPath: z.string(), version: z.string(), orderCount: z.number(), unitCount: z.number(), operator: z.string() }),
  },
  'dictionaries.get': { kind: 'read', input: empty, output: Dictionaries },
  'settings.get': {
    kind: 'read',
    input: z.strictObject({ key: z.string().max(100) }),
    output: z.object({ value: z.unknown() }),
  },
  'settings.set': {
    kind: 'write',
    input: z.strictObject({ key: z.string().max(100), value: z.unknown() }),
    output: ok,
  },
  'demo.load': {
    kind: 'write',
    input: z.strictObject({ orders: z.number().int().min(1).max(100_000).default(400) }),
    output: z.object({ orders: z.number(), units: z.number() }),
  },
} as const satisfies Record<string, MethodSpec>;
