// Line breaking of the bulletin's own layout: what a line holds and where it breaks.
import { describe, expect, it } from 'vitest';
import { breakLines, textWidthPt } from '../../electron/services/bulletin/measure';

describe('breakLines', () => {
  const o = { size: 10.5, letterSpacing: 0, firstWidth: 60, width: 60 };

  it('keeps a number that fits a line together, on the next line when it does not fit after the label', () => {
    expect(breakLines('工单编号：2026100800', o)).toEqual(['工单编号：', '2026100800']);
  });

  it('breaks a number wider than the whole line (a 14-digit 工单编号 in a narrow 备注 column) at the line end, losing no digit', () => {
    const text = '工单编号：20261008000133\n超期8天办结';
    const lines = text.split('\n').flatMap((part) => breakLines(part, o));
    expect(lines.join('').replace('超期8天办结', '')).toBe('工单编号：20261008000133');
    expect(lines).toContain('超期8天办结');
    for (const line of lines) expect(textWidthPt(line, o.size, 0)).toBeLessThanOrEqual(o.width + 0.01);
    // Each digit line is as full as the width allows.
    const digits = lines.filter((l) => /^\d+$/.test(l));
    expect(digits.length).toBe(2);
    expect(digits[0].length).toBe(Math.floor((o.width + 0.01) / (0.5 * o.size)));
  });
});
