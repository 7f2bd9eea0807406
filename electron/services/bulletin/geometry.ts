// GB/T 9704-2012 in numbers (see the team's gongwen.md): the page, the text block, the grid.
export const PT_PER_MM = 72 / 25.4;
export const mm = (v: number) => v * PT_PER_MM;

export const PAGE = { widthMm: 210, heightMm: 297, topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 } as const;
export const BLOCK = { widthMm: 156, heightMm: 225 } as const;
export const BLOCK_WIDTH_PT = mm(BLOCK.widthMm); // 442.2
export const LINE_PT = 28.95; // 22 lines × 28.95 pt = 636.9 pt ≈ 225 mm
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
export const BODY_PT = 16; // 三号
/** The squeeze that makes 28 characters of 16 pt fit the 442.2 pt block (448 pt unsqueezed). */
export const BODY_LETTER_SPACING = -0.25;
export const TITLE_PT = 22; // 二号
export const EDGE_PT = 14; // 四号: 版记 and page numbers
export const TABLE_PT = 12; // 小四
export const TABLE_SMALL_PT = 10.5; // 五号
/** The page number's top: 7 mm below the text block. */
export const PAGE_NUMBER_GAP_MM = 7;
/** The issuing organ's top, below the top of the text block. */
export const ORGAN_TOP_MM = 35;
export const RED = '#FF0000';
export const RULE_RED_PT = mm(0.5);
export const RULE_EDGE_PT = mm(0.35);
export const RULE_INNER_PT = mm(0.25);
