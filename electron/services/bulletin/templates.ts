// Bulletin templates (resources/bulletinTemplates/*.json): header styles seen in the samples and
// the standard 工作要求 text. Imported statically so the bundled app carries them.
import { z } from 'zod';
import { AppError } from '../../../shared/result';
import { HEADER_STYLES } from '../../../shared/bulletin/model';
import redhead from '../../../resources/bulletinTemplates/redhead.json';
import inspection from '../../../resources/bulletinTemplates/inspection.json';
import brief from '../../../resources/bulletinTemplates/brief.json';

export const BulletinTemplate = z.object({
  id: z.string(),
  name: z.string(),
  header: z.object({
    style: z.enum(HEADER_STYLES),
    organ: z.string(),
    docPrefix: z.string(),
    briefUnit: z.string(),
    mainTo: z.string(),
    signature: z.string(),
    note: z.string(),
    copyTo: z.string(),
    printOrgan: z.string(),
    copies: z.number().nullable(),
  }),
  /** {period} stands for 2024年第一季度 etc. */
  titlePattern: z.string(),
  intro: z.string(),
  /** Whether the draft names the best units (表扬). */
  praise: z.boolean(),
  requirementsHeading: z.string(),
  requirements: z.array(z.string()),
});
export type BulletinTemplate = z.infer<typeof BulletinTemplate>;

export const BULLETIN_TEMPLATES: readonly BulletinTemplate[] = [redhead, inspection, brief].map((t) => BulletinTemplate.parse(t));

export function bulletinTemplate(id: string): BulletinTemplate {
  const t = BULLETIN_TEMPLATES.find((x) => x.id === id || x.name === id);
  if (!t) throw new AppError('not_found', `没有这个通报模板：${id}（可用：${BULLETIN_TEMPLATES.map((x) => x.id).join('、')}）`);
  return t;
}
