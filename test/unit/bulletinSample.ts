// The 平舆-like October bulletin (seed 002) as a whole document: the output tests print it.
import type { BulletinDocument } from '../../shared/bulletin/model';
import { attachmentTables } from '../../electron/services/bulletin/attachments';
import { draftBulletin } from '../../electron/services/bulletin/draft';
import { bulletinTemplate } from '../../electron/services/bulletin/templates';
import { sampleReport } from './bulletinFixture';

export function sampleDocument(): BulletinDocument {
  const report = sampleReport();
  const t = bulletinTemplate('inspection');
  const d = draftBulletin({
    period: '2023-10', report, months: [], typical: {}, previouslyNamed: [], previouslyPraised: [], template: t,
    late: [{ orderNo: '231007102349106144', unit: '联通公司', receivedAt: '2023-10-07 10:23:49', dueAt: '2023-10-10 23:59:59', repliedAt: '2023-10-19 10:00:00', closedAt: null, urgent: false, daysLate: 9 }],
  });
  return {
    header: { ...t.header, organ: '督查通报', docPrefix: '平督通报', docYear: 2023, docNumber: 71, issueNo: null, title: d.title, signDate: '2023-11-06', printDate: '2023-11-06', copies: 30 },
    sections: d.sections,
    attachments: attachmentTables(report, '2023年10月份各承办单位12345热线件办理情况统计表'),
    charts: [],
  };
}
