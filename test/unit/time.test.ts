import { describe, expect, it } from 'vitest';
import { cstFromEpochMs, epochMsFromCst, isCstTimestamp, parseCstInput } from '../../shared/time';

describe('CST time text', () => {
  it('formats an instant in China Standard Time whatever the machine zone', () => {
    // 2024-02-07 01:05:00 UTC is 09:05 in Beijing.
    expect(cstFromEpochMs(Date.UTC(2024, 1, 7, 1, 5, 0))).toBe('2024-02-07 09:05:00');
    expect(epochMsFromCst('2024-02-07 09:05:00')).toBe(Date.UTC(2024, 1, 7, 1, 5, 0));
  });

  it('reads the ways clerks type dates', () => {
    expect(parseCstInput('2023/2/7 9:05')).toBe('2023-02-07 09:05:00');
    expect(parseCstInput('2023-02-07 09:05:00')).toBe('2023-02-07 09:05:00');
    expect(parseCstInput('2023年2月7日')).toBe('2023-02-07 00:00:00');
    expect(parseCstInput('2023.2.7')).toBe('2023-02-07 00:00:00');
    expect(parseCstInput('2024-02-07T09:05')).toBe('2024-02-07 09:05:00');
  });

  it('refuses what is not a real date', () => {
    expect(parseCstInput('2023-02-30')).toBeNull();
    expect(parseCstInput('2023-13-01')).toBeNull();
    expect(parseCstInput('2023-02-07 25:00')).toBeNull();
    expect(parseCstInput('明天')).toBeNull();
    expect(isCstTimestamp('2024-02-29 23:59:59')).toBe(true);
    expect(isCstTimestamp('2023-02-29 23:59:59')).toBe(false);
    // Only the stored shape, to the character: no other separators, widths, digits or trailing text.
    for (const other of ['2024-02-07T09:05:00', '2024-2-07 09:05:00', '2024-02-07 09:05:00\n', '２０２４-02-07 09:05:00', '2024-02-07 09:05:0x', '2024/02/07 09:05:00']) {
      expect(isCstTimestamp(other)).toBe(false);
      expect(() => epochMsFromCst(other)).toThrow('不是有效的时间');
    }
  });
});
