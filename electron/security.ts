// Security rules of the window and the local server, as small pure values and functions.

/** No remote content, no eval; AG Grid and ECharts inject style elements, so inline styles are allowed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The custom scheme the desktop window loads the app from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ledger`;

/** Whether a URL is one of the app's own pages; anything else is refused for navigation or IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'ledger';
  } catch {
    return false;
  }
}

/** The one IPC channel between the page's preload bridge and the main process. */
export const IPC_CHANNEL = 'hotline:call';
