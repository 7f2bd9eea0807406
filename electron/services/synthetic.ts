// Realistic synthetic work orders: the demo ledger a clerk can try the app on, and the large
// ledger the benchmark builds. Deterministic for a given seed.
import { addDays, cstFromEpochMs, epochMsFromCst } from '../../shared/time';
import type { NewOrder } from '../ledger/orders';

/** mulberry32: a small, fast, seedable PRNG. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface UnitSpec {
  name: string;
  kind: 'town' | 'dept';
  parent?: string;
  aliases?: string[];
  /** Relative share of the orders this unit receives. */
  weight: number;
}

const TOWNS = ['城关镇', '大安镇', '代家坝镇', '阳平关镇', '燕子砭镇', '广坪镇', '青木川镇', '毛坝河镇', '铁锁关镇', '胡家坝镇',
  '巴山镇', '舒家坝镇', '太阳岭镇', '安乐河镇', '禅家岩镇', '二郎坝镇', '汉源街道办事处', '高寨子街道办事处', '关口乡', '巨亭乡'];
const DEPTS: [string, string[]?][] = [
  ['县市场监督管理局', ['市场局', '县市场监管局']], ['县住房和城乡建设局', ['住建局']], ['县人力资源和社会保障局', ['人社局']],
  ['县交通运输局', ['交通局']], ['县教育体育局', ['教育局']], ['县卫生健康局', ['卫健局']], ['县医疗保障局', ['医保局']],
  ['县公安局'], ['县生态环境分局', ['生态环境局']], ['县自然资源局'], ['县水利局'], ['县农业农村局', ['农业局']],
  ['县城市管理执法局', ['城管局', '城管执法局']], ['县民政局'], ['县文化和旅游局', ['文旅局']], ['县应急管理局', ['应急局']],
  ['县税务局'], ['县发展和改革局', ['发改局']], ['县林业局'], ['县行政审批服务局', ['审批局']],
  ['供电公司', ['国网供电公司']], ['联通公司'], ['移动公司'], ['电信公司'], ['燃气公司'], ['自来水公司', ['供水公司']],
  ['县融媒体中心'], ['县退役军人事务局'], ['县司法局'], ['县财政局'], ['县统计局'], ['县商务局'], ['县气象局'], ['县消防救援大队'],
  ['县烟草专卖局'], ['县邮政管理局'], ['县信访局'], ['县总工会'], ['县残联'],
];
const SUB_UNITS: UnitSpec[] = [
  { name: '劳动保障监察大队', kind: 'dept', parent: '县人力资源和社会保障局', aliases: ['劳动监察大队'], weight: 6 },
  { name: '县交通运输执法大队', kind: 'dept', parent: '县交通运输局', weight: 2 },
  { name: '县市场监管局城关所', kind: 'dept', parent: '县市场监督管理局', weight: 2 },
];

/** About `count` units: towns, departments and a few sub-units. */
export function unitSpecs(count: number): UnitSpec[] {
  const towns = Math.round(count * 0.35);
  const out: UnitSpec[] = [];
  for (let i = 0; i < towns; i++) out.push({ name: TOWNS[i % TOWNS.length] + (i >= TOWNS.length ? `${Math.floor(i / TOWNS.length) + 1}` : ''), kind: 'town', weight: 3 + (i % 4) });
  const depts = count - towns - SUB_UNITS.length;
  for (let i = 0; i < depts; i++) {
    const [name, aliases] = DEPTS[i % DEPTS.length];
    out.push({ name: i >= DEPTS.length ? `${name}${Math.floor(i / DEPTS.length) + 1}` : name, kind: 'dept', aliases: i < DEPTS.length ? aliases : undefined, weight: i < 6 ? 8 : 2 + (i % 3) });
  }
  return out.concat(SUB_UNITS);
}

const PLACES = ['幸福小区', '锦绣花园', '滨江路', '人民路', '建设巷', '汉源广场', '城南新区', '育才路', '东关街', '阳光家园', '天津路', '北门村', '石门村', '县医院附近', '第二小学门口'];
const NAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林'];

interface Topic {
  category: string;
  appealType: string;
  title: string;
  content: (place: string) => string;
}

const TOPICS: Topic[] = [
  { category: '城市管理类', appealType: '投诉', title: '夜间烧烤噪音扰民', content: (p) => `来电人反映${p}楼下烧烤摊每晚营业至凌晨两点，油烟和噪音严重影响休息，希望城管部门尽快处理。` },
  { category: '城市管理类', appealType: '投诉', title: '占道经营', content: (p) => `市民反映${p}路段商户长期占道经营，行人只能走机动车道，存在安全隐患，请求相关部门整治。` },
  { category: '市场监管类', appealType: '投诉', title: '商品质量问题', content: (p) => `来电人称在${p}一超市购买的食品已过保质期，商家拒绝退换，要求市场监管部门调查处理。` },
  { category: '市场监管类', appealType: '举报', title: '无证经营', content: (p) => `举报${p}附近一家药店无证销售处方药，请市场监管部门核查。` },
  { category: '欠薪类', appealType: '求助', title: '拖欠工资', content: (p) => `来电人在${p}工地务工，包工头拖欠其及十余名工友工资共计八万余元，多次讨要未果，请求帮助追讨。` },
  { category: '道路交通类', appealType: '建议', title: '增设红绿灯', content: (p) => `市民建议在${p}十字路口增设红绿灯和斑马线，上下学时段车流人流大，存在安全隐患。` },
  { category: '道路交通类', appealType: '投诉', title: '道路破损', content: (p) => `来电人反映${p}路面坑洼破损严重，雨天积水，电动车多次摔倒，希望尽快修复。` },
  { category: '生态环境类', appealType: '投诉', title: '污水直排', content: (p) => `群众反映${p}附近一养殖场将污水直排河道，气味刺鼻，请求环保部门查处。` },
  { category: '农村饮水安全类', appealType: '求助', title: '停水', content: (p) => `来电人反映${p}已连续三天停水，无人告知原因，生活用水困难，请求尽快恢复供水。` },
  { category: '供水供电供气类', appealType: '求助', title: '频繁停电', content: (p) => `来电人反映${p}近一周频繁停电，家中电器损坏，请供电公司排查线路。` },
  { category: '教育类', appealType: '咨询', title: '入学政策', content: (p) => `来电人咨询孩子户籍不在${p}学区，今年秋季能否就近入学，需要准备哪些材料。` },
  { category: '医疗卫生类', appealType: '咨询', title: '医保报销', content: (p) => `来电人咨询在外地住院的费用如何办理医保报销，家住${p}，需要到哪里办理。` },
  { category: '人力资源和社会保障类', appealType: '咨询', title: '养老保险', content: (p) => `来电人咨询灵活就业人员养老保险的缴费标准和办理地点，本人居住在${p}。` },
  { category: '物业管理类', appealType: '投诉', title: '物业不作为', content: (p) => `业主反映${p}物业公司收费后不履行职责，电梯长期故障无人维修，垃圾堆放无人清理。` },
  { category: '矛盾纠纷类', appealType: '求助', title: '邻里纠纷', content: (p) => `来电人称与${p}邻居因宅基地界线发生纠纷，多次协商未果，请求村镇调解。` },
  { category: '安全生产类', appealType: '举报', title: '安全隐患', content: (p) => `举报${p}一加工厂存放大量易燃物品，消防通道堵塞，存在重大安全隐患。` },
  { category: '城乡建设类', appealType: '投诉', title: '违章建筑', content: (p) => `市民反映${p}有住户私自加盖楼层，影响采光和结构安全，请求住建部门查处。` },
  { category: '政务服务类', appealType: '表扬', title: '表扬窗口工作人员', content: (p) => `来电人表扬${p}便民服务中心工作人员耐心细致，帮助其当天办结了业务。` },
  { category: '其他类', appealType: '咨询', title: '政策咨询', content: (p) => `来电人咨询${p}老旧小区改造的时间安排和补助政策。` },
];

/** What callers add after their appeal; about half the orders carry one. */
const CLOSINGS = [
  '来电人表示此前已多次反映，问题一直未得到解决。', '请相关部门尽快核实处理并及时回复。', '来电人情绪较为激动，要求尽快给予答复。',
  '希望有关部门加强监管，避免类似情况再次发生。', '来电人要求承办单位上门了解情况。', '来电人不愿透露更多个人信息。',
  '来电人称已向社区反映，暂无结果。', '请承办单位处理后电话告知来电人。',
];

/**
 * Calls by hour of day (CST): few at night, peaks in office hours. With fewer calls at weekends
 * and a slow growth over the years, this shapes when synthetic orders are received.
 */
const HOUR_WEIGHTS = [0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.9, 2, 4.5, 5.5, 5.5, 4.5, 3, 3.2, 4.8, 5, 4.8, 4.2, 3, 2.6, 2.4, 2, 1.3, 0.7];
const WEEKEND_SHARE = 0.65;
const GROWTH_PER_YEAR = 0.15;

/**
 * The receipt time (epoch ms) at fraction q (0..1) of all calls between fromMs and toMs, by the
 * inverse of the cumulative call density, hour by hour: increasing in q, so orders generated in
 * sequence are still received in sequence.
 */
function receiptClock(fromMs: number, toMs: number): (q: number) => number {
  const hours = Math.ceil((toMs - fromMs) / 3600e3);
  if (hours < 1) return () => fromMs;
  const cumulative = new Float64Array(hours + 1);
  for (let h = 0; h < hours; h++) {
    const cst = new Date(fromMs + (h + 0.5) * 3600e3 + 8 * 3600e3);
    const dow = cst.getUTCDay();
    const w = HOUR_WEIGHTS[cst.getUTCHours()] * (dow === 0 || dow === 6 ? WEEKEND_SHARE : 1) * (1 + (GROWTH_PER_YEAR * h) / 8766);
    cumulative[h + 1] = cumulative[h] + w;
  }
  const total = cumulative[hours];
  return (q) => {
    const target = q * total;
    let lo = 0, hi = hours - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cumulative[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    const within = (target - cumulative[lo]) / (cumulative[lo + 1] - cumulative[lo]);
    return Math.min(toMs, fromMs + Math.floor((lo + Math.min(1, within)) * 3600e3));
  };
}

const CHANNELS: [string, number][] = [['12345热线电话', 70], ['12345网站', 8], ['微信公众号', 10], ['手机APP', 5], ['市长信箱', 5], ['市委书记信箱', 2]];

/** A picker of items by relative weight (cumulative table built once: the benchmark picks a million times). */
function weightedPicker<T>(items: readonly [T, number][]): (rnd: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of items) cumulative.push((total += w));
  return (rnd) => {
    const r = rnd() * total;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return items[i][0];
    return items[items.length - 1][0];
  };
}

/** The day after `day` plus `n` weekdays: a rough due date for demo data (the real calendar comes with the deadline rules). */
function weekdaysAfter(day: string, n: number): string {
  let d = day;
  while (n > 0) {
    d = addDays(d, 1);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) n--;
  }
  return d;
}

/** weekdaysAfter remembered per day: a million orders fall on about a thousand days. */
function cachedWeekdaysAfter(): (day: string, n: number) => string {
  const cache = new Map<string, string>();
  return (day, n) => {
    const key = `${day}|${n}`;
    let d = cache.get(key);
    if (d === undefined) cache.set(key, (d = weekdaysAfter(day, n)));
    return d;
  };
}

export interface SyntheticOptions {
  count: number;
  /** Receipt times fall between these CST timestamps. */
  from: string;
  to: string;
  seed?: number;
  /** Orders received before this moment are mostly closed; later ones are still open. */
  asOf: string;
  /** Unit names to dispatch to, with weights. */
  units: readonly { name: string; weight: number }[];
  /** 工单编号 prefix, so a demo does not clash with real numbers. */
  orderNoPrefix?: string;
}

/** Synthetic orders in receipt order; unit names in `unitName` for the caller to resolve. */
export function* syntheticOrders(opts: SyntheticOptions): Generator<NewOrder & { unitName: string | null }> {
  const rnd = randomSource(opts.seed ?? 12345);
  const fromMs = epochMsFromCst(opts.from);
  const clock = receiptClock(fromMs, epochMsFromCst(opts.to));
  const asOfMs = epochMsFromCst(opts.asOf);
  const pickUnit = weightedPicker(opts.units.map((u) => [u.name, u.weight] as [string, number]));
  const pickChannel = weightedPicker(CHANNELS);
  const dueDayAfter = cachedWeekdaysAfter();
  const prefix = opts.orderNoPrefix ?? '';
  for (let i = 0; i < opts.count; i++) {
    const receivedMs = clock((i + rnd() * 0.9) / opts.count);
    const receivedAt = cstFromEpochMs(receivedMs);
    const topic = TOPICS[Math.floor(rnd() * TOPICS.length)];
    const place = PLACES[Math.floor(rnd() * PLACES.length)];
    const handlingRoll = rnd();
    const handling = handlingRoll < 0.12 ? '直接答复' : handlingRoll < 0.14 ? '转外地' : '转办';
    const urgent = rnd() < 0.05;
    const dueDay = urgent ? null : dueDayAfter(receivedAt.slice(0, 10), topic.appealType === '咨询' ? 3 : 5);
    const dueAt = urgent ? cstFromEpochMs(receivedMs + 24 * 3600e3) : `${dueDay} 23:59:59`;
    const age = asOfMs - receivedMs;
    let signedAt: string | null = null, repliedAt: string | null = null, closedAt: string | null = null;
    let visitResult: string | null = null, visitResolved: string | null = null, visitProcess: string | null = null, replyContent: string | null = null;
    const dispatched = handling === '转办';
    if (dispatched && age > 2 * 3600e3) {
      signedAt = cstFromEpochMs(receivedMs + (0.2 + rnd() * 1.5) * 3600e3);
      const replyDelayDays = rnd() < 0.06 ? 6 + rnd() * 10 : 0.5 + rnd() * 4.5;
      const replyMs = receivedMs + replyDelayDays * 86400e3;
      if (replyMs < asOfMs) {
        repliedAt = cstFromEpochMs(replyMs);
        replyContent = '经核实，已安排工作人员现场处理，并电话告知来电人处理结果，来电人表示认可。';
        const closeMs = replyMs + rnd() * 0.5 * 86400e3;
        if (closeMs < asOfMs) {
          closedAt = cstFromEpochMs(closeMs);
          if (rnd() < 0.35) {
            const r = rnd();
            visitResult = r < 0.82 ? '满意' : r < 0.92 ? '基本满意' : '不满意';
            visitResolved = r < 0.85 ? '已解决' : '未解决';
            visitProcess = rnd() < 0.9 ? '满意' : '不满意';
          }
        }
      }
    }
    const closingRoll = rnd();
    const caller = `${NAMES[Math.floor(rnd() * NAMES.length)]}${rnd() < 0.5 ? '先生' : '女士'}`;
    const phone = `1${3 + Math.floor(rnd() * 6)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
    yield {
      orderNo: `${prefix}${receivedAt.slice(0, 10).replace(/-/g, '')}${String(i % 1000000).padStart(6, '0')}`,
      receivedAt,
      channel: pickChannel(rnd),
      appealType: topic.appealType,
      category: topic.category,
      title: topic.title,
      content: closingRoll < 0.5 ? topic.content(place) + CLOSINGS[Math.floor(closingRoll * 2 * CLOSINGS.length)] : topic.content(place),
      caller,
      phone,
      address: place,
      urgency: urgent ? '紧急' : '一般',
      handling,
      unitName: dispatched ? pickUnit(rnd) : null,
      dueAt: dispatched ? dueAt : null,
      signedAt,
      repliedAt,
      replyContent,
      closedAt: dispatched ? closedAt : age > 600e3 ? cstFromEpochMs(receivedMs + 300e3) : null,
      visitResult,
      visitResolved,
      visitProcess,
    };
  }
}
