// Backups of the ledger (设置 → 备份): the list, backing up now, the folder, restore.
import { z } from 'zod';
import { empty, type MethodSpec } from './common';

export const BACKUP_KINDS = ['daily', 'import', 'migration', 'manual', 'restore', 'damaged'] as const;

export const BackupEntry = z.object({
  file: z.string(),
  fileName: z.string(),
  folder: z.string(),
  /** CST 'YYYY-MM-DD HH:mm:ss'. */
  at: z.string(),
  kind: z.enum(BACKUP_KINDS),
  kindLabel: z.string(),
  bytes: z.number(),
  orderCount: z.number().nullable(),
  /** integrity_check passed when it was written; null for a file copied into the folder by hand. */
  verified: z.boolean().nullable(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

export const backupsMethods = {
  'backups.list': {
    kind: 'read',
    input: empty,
    output: z.object({ folder: z.string(), defaultFolder: z.string(), backups: z.array(BackupEntry) }),
  },
  // 'read' for the ledger: the copy is made through a connection of its own and must not run
  // inside a ledger transaction; it changes files in the backup folder only.
  'backups.create': {
    kind: 'read',
    input: empty,
    output: BackupEntry.extend({ ms: z.number(), fellBackFrom: z.string().optional() }),
  },
  'backups.setFolder': {
    kind: 'write',
    input: z.strictObject({ folder: z.string().max(1000).nullable() }),
    output: z.object({ folder: z.string() }),
  },
  // Not wrapped in a ledger transaction by the dispatcher: the restore is its own all-or-nothing
  // write (the backup API copies onto the ledger in one transaction through its own connection,
  // which a transaction held by the app's connection would block).
  'backups.restore': {
    kind: 'read',
    input: z.strictObject({ file: z.string().min(1).max(1000), confirm: z.literal(true) }),
    output: z.object({
      restoredFrom: z.string(),
      orderCount: z.number(),
      safetyBackup: z.object({ file: z.string(), damaged: z.boolean() }).nullable(),
      ms: z.number(),
    }),
  },
} as const satisfies Record<string, MethodSpec>;
