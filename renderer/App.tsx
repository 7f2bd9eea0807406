// The window: a side navigation of the app's pages and the page itself.
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useRoute, hrefOf } from './route';
import { call } from './api';
import type { MethodOutput } from '../shared/api';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ToastHost } from './components/Toast';

interface PageEntry {
  path: string;
  label: string;
  component: ComponentType;
}

// Each page is its own chunk: the ledger opens without loading ECharts or the bulletin.
const PAGES: readonly PageEntry[] = [
  { path: '/ledger', label: '台账', component: lazy(() => import('./pages/LedgerPage')) },
  { path: '/board', label: '逾期跟踪', component: lazy(() => import('./pages/BoardPage')) },
  { path: '/stats', label: '统计考评', component: lazy(() => import('./pages/StatsPage')) },
  { path: '/bulletin', label: '通报', component: lazy(() => import('./pages/BulletinPage')) },
  { path: '/units', label: '承办单位', component: lazy(() => import('./pages/UnitsPage')) },
  { path: '/settings', label: '设置', component: lazy(() => import('./pages/SettingsPage')) },
];

export function App() {
  const route = useRoute();
  const page = PAGES.find((p) => p.path === route.path) ?? PAGES[0];
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  useEffect(() => {
    call('app.info', {}).then(setInfo, () => setInfo(null));
  }, [route.path]);
  const Page = page.component;
  return (
    <div className="app">
      <nav className="app-nav" aria-label="主菜单">
        <div className="app-title">12345热线台账</div>
        {PAGES.map((p) => (
          <a key={p.path} href={hrefOf(p.path)} className={p === page ? 'active' : undefined} aria-current={p === page ? 'page' : undefined}>
            {p.label}
          </a>
        ))}
        <div className="app-info" title={info?.ledgerPath}>
          {info ? <>工单 {info.orderCount.toLocaleString('zh-CN')} 件<br />操作员 {info.operator}<br />版本 {info.version}</> : null}
        </div>
      </nav>
      <main className="app-main">
        <ErrorBoundary key={page.path}>
          <Suspense fallback={<div className="loading">正在加载…</div>}>
            <Page />
          </Suspense>
        </ErrorBoundary>
      </main>
      <ToastHost />
    </div>
  );
}
