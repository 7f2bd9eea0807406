import fs from 'node:fs';
import path from 'node:path';
import { requireDb, requireOption, stringOption } from '../args';
import { withLedger, type Command } from '../command';
import { composeBulletin } from '../../services/bulletin/compose';
import { outputFormatOf, renderBulletin } from '../../services/bulletin/outputs';

export const bulletinCommand: Command = {
  words: ['bulletin'],
  usage: '--db FILE --period P --scheme ID [--as-of T] [--channel C1,C2] [--template NAME] --out FILE.pdf|.docx|.xlsx|.html   起草并输出通报',
  options: { values: ['db', 'period', 'scheme', 'as-of', 'channel', 'template', 'out'] },
  async run(p, out) {
    const file = requireOption(p, 'out', 'FILE.pdf|.docx|.xlsx|.html');
    const format = outputFormatOf(file);
    const channels = stringOption(p, 'channel')?.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
    const composed = withLedger(requireDb(p), (_ctx, ledger) => composeBulletin(ledger.db, {
      period: requireOption(p, 'period', 'P'),
      scheme: requireOption(p, 'scheme', 'ID'),
      asOf: stringOption(p, 'as-of'),
      channels: channels?.length ? channels : undefined,
      template: stringOption(p, 'template') ?? 'redhead',
    }));
    const bytes = await renderBulletin(composed.document, format);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, bytes);
    if (out.json) out.printJson({ out: path.resolve(file), format, bytes: bytes.length, title: composed.document.header.title });
    else out.print(`已输出 ${composed.document.header.title} → ${file}（${bytes.length} 字节）`);
  },
};
