// The A4 pages as the main side laid them out, shown unchanged. The HTML has no scripts; the
// frame is sandboxed without allow-scripts, same-origin only so that 打印 can call its print().
import { forwardRef } from 'react';

export const BulletinPreview = forwardRef<HTMLIFrameElement, { html: string }>(function BulletinPreview({ html }, ref) {
  return (
    <iframe
      ref={ref}
      className="bulletin-preview"
      title="通报预览"
      sandbox="allow-same-origin allow-modals"
      srcDoc={html}
    />
  );
});
