// `npm run reliability`: the figures of issue 7 — crash-kill trials run and survived, fuzz cases
// run and their outcomes, backup and restore time for a 1,000,000-order ledger, and the integrity
// check at start for the same. `npm run fuzz` runs the fuzzer alone, longer.
//   --only crash|fuzz|backup   --import-trials N (20)   --recompute-trials N (10)
//   --recompute-orders N (100000)   --fuzz-seconds S (60)   --orders N (1000000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupLedger } from '../../electron/services/backup/backups';
import { restoreLedger } from '../../electron/services/backup/restore';
import { checkLedgerAtStart } from '../../electron/services/integrity';
import { bigLedgerPath } from './bigLedger';
import { ROOT } from './children';
import { runCrashTrials } from './crash';
import { runFuzz } from './fuzz';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const only = (() => { const i = process.argv.indexOf('--only'); return i >= 0 ? process.argv[i + 1] : null; })();
const wants = (part: string) => only === null || only === part;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
const say = (s: string) => console.log(s);

async function main(): Promise<number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-reliability-'));
  let failed = false;
  try {
    if (wants('crash')) {
      say('== 强制结束（SIGKILL）试验');
      for (const [mode, trials, batch] of [
        ['import', option('import-trials', 20), 100_000],
        ['recompute', option('recompute-trials', 10), option('recompute-orders', 100_000)],
      ] as const) {
        const r = await runCrashTrials({ mode, trials, batch, workDir: path.join(work, 'crash') }, say);
        const what = mode === 'import' ? `导入 ${batch.toLocaleString('en-US')} 件工单（一个事务）` : `重新计算 ${batch.toLocaleString('en-US')} 件工单的截止时间`;
        say(`${what}：试验 ${r.trials} 次，其中写入过程中被强制结束 ${r.killedMidway} 次；台账完好 ${r.survived} 次（整批都在 ${r.all}，整批都不在 ${r.none}）；不中断时写入用时 ${seconds(r.writeMs)}`);
        for (const f of r.failures) say(`  失败：${f}`);
        failed ||= r.failures.length > 0;
      }
    }
    if (wants('fuzz')) {
      const s = option('fuzz-seconds', 60);
      say(`== 恶意与变异表格（变异文件 ${s} 秒）`);
      const r = await runFuzz({ seconds: s, workDir: path.join(work, 'fuzz'), log: only === 'fuzz' ? say : undefined });
      say(`文件 ${r.cases} 个，用时 ${seconds(r.ms)}，单个最长 ${r.slowestMs} ms，子进程内存峰值 ${r.peakRssMb} MB`);
      for (const [target, outcomes] of Object.entries(r.outcomes)) {
        say(`  ${target}：${Object.entries(outcomes).map(([k, v]) => `${({ read: '读入', refused: '拒绝并说明原因', crashed: '崩溃', hung: '超时', memory: '内存超限' } as Record<string, string>)[k] ?? k} ${v}`).join('，')}`);
      }
      for (const f of r.failures) say(`  失败：${f}`);
      failed ||= r.failures.length > 0;
    }
    if (wants('backup')) {
      const count = option('orders', 1_000_000);
      say(`== ${count.toLocaleString('en-US')} 件工单的台账：启动检查、备份、恢复`);
      const file = bigLedgerPath(ROOT, count, say);
      say(`台账 ${file}，${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
      const start = checkLedgerAtStart(file);
      say(`启动时完整性检查（quick_check）：${start.ok ? '通过' : '未通过'}，${seconds(start.ms)}`);
      const out = path.join(work, 'backup.sqlite3');
      const b = backupLedger(file, { kind: 'manual', out });
      say(`备份（联机备份 + integrity_check 校验）：${seconds(b.ms)}，工单 ${b.orderCount}，${(b.bytes / 1e6).toFixed(0)} MB`);
      const target = path.join(work, 'restored', 'ledger.sqlite3');
      const actor = { who: '可靠性测试', source: 'cli' as const };
      const fresh = restoreLedger(target, out, { actor });
      say(`恢复到新位置（校验备份 + 复制）：${seconds(fresh.ms)}`);
      const again = restoreLedger(target, out, { actor });
      say(`恢复覆盖现有台账（校验备份 + 先备份当前台账并校验 + 复制）：${seconds(again.ms)}`);
      failed ||= !start.ok;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
