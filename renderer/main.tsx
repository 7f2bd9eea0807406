import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ModuleRegistry, AllCommunityModule } from 'ag-grid-community';
import { App } from './App';
import { adoptTokenFromUrl } from './api';
import './styles.css';

// AG Grid Community: every community feature, no licence key.
ModuleRegistry.registerModules([AllCommunityModule]);
adoptTokenFromUrl();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
