import fs from 'node:fs';
import path from 'node:path';
import { intOption, requireDb, requireOption, stringOption } from '../args';
import { withLedger, type Command } from '../command';
import { outputFormatOf, renderBulletin } from '../../services/bulletin/outputs';
import { composeForOffice, storedBulletinSource } from '../../services/bulletinStore';
import type { BulletinDocument } from '../../../shared/bulletin/model';

export const bulletinCommand: Command = {
  words: ['bulletin'],
  usage: '--db FILE (--period P --scheme ID [--as-of T] [--channel C1,C2] [--template NAME] | --id N) --out FILE.pdf|.docx|.xlsx|.html   起草并输出通报；--id 输出已保存的通报（已印发的按印发时原样重印）',
  options: { values: ['db', 'period', 'scheme', 'as-of', 'channel', 'template', 'out', 'id'] },
  async run(p, out) {
    const file = requireOption(p, 'out', 'FILE.pdf|.docx|.xlsx|.html');
    const format = outputFormatOf(file);
    const id = stringOption(p, 'id') !== undefined ? intOption(p, 'id', 0) : undefined;
    const channels = stringOption(p, 'channel')?.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
    // Everything the file needs is read while the ledger is open; the file is made afterwards.
    const source: { document: BulletinDocument; render: () => Promise<Buffer> } = withLedger(requireDb(p), (_ctx, ledger) => {
      if (id !== undefined) {
        const stored = storedBulletinSource(ledger.db, id);
        return { document: stored.document, render: () => stored.render(format) };
      }
      const { document } = composeForOffice(ledger.db, {
        period: requireOption(p, 'period', 'P'),
        scheme: requireOption(p, 'scheme', 'ID'),
        asOf: stringOption(p, 'as-of'),
        channels: channels?.length ? channels : undefined,
        template: stringOption(p, 'template') ?? 'redhead',
      });
      return { document, render: () => renderBulletin(document, format) };
    });
    const bytes = await source.render();
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, bytes);
    const title = source.document.header.title;
    if (out.json) out.printJson({ out: path.resolve(file), format, bytes: bytes.length, title });
    else out.print(`已输出 ${title} → ${file}（${bytes.length} 字节）`);
  },
};
