// The sections of 设置: each area of the app adds its own, in the order listed here.
import { lazy, type ComponentType } from 'react';

export interface SettingsSection {
  id: string;
  label: string;
  component: ComponentType;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { id: 'ledger', label: '台账文件', component: lazy(() => import('./LedgerFileSection')) },
  { id: 'backup', label: '备份', component: lazy(() => import('./BackupSection')) },
  { id: 'holidays', label: '节假日', component: lazy(() => import('./HolidaysSection')) },
  { id: 'timeLimits', label: '时限规则', component: lazy(() => import('./TimeLimitsSection')) },
  { id: 'schemes', label: '考评方案', component: lazy(() => import('./SchemesSection')) },
  { id: 'bulletin', label: '通报版头', component: lazy(() => import('./BulletinSection')) },
];
