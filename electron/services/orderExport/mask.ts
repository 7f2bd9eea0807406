// Masking callers in files sent upward: the office keeps the full data, the city sees 138****5678.

/** 13812345678 → 138****5678; a short number keeps only its last two digits. */
export function maskPhone(phone: string): string {
  return phone.replace(/\d[\d\- ]{5,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length >= 7) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
    return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  });
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays, so a supervisor can still tell callers apart. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length ? '*' : '';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Mobile numbers written inside free text (诉求内容, 地址 …). */
export function maskPhonesInText(text: string): string {
  return text.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}
