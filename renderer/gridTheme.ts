// One look for every grid of the app: compact rows like a spreadsheet, the app's fonts and accent.
import { themeQuartz } from 'ag-grid-community';

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 13,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  accentColor: '#1f5fbf',
  headerBackgroundColor: '#f0f3f7',
  wrapperBorderRadius: 6,
});
