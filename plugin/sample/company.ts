/**
 * The sample company (示例公司): a deterministic, seeded generator of a realistic SaaS sales
 * organisation, 6 regions (华东 华南 华北 华中 西南 西北), about 60 teams in real cities, 480 reps
 * with Chinese names, 24 months of history with seasonality (the Spring Festival dip, the
 * half-year and year-end pushes), some new cities and new teams, and the factor inputs the
 * allocation reads. The same code makes the committed sample files and, in memory, the
 * 50,000-rep company of the benchmark. Pure: no Node, no DOM, no Math.random.
 */

import { seededRandom } from '../random.js';

interface SampleOptions {
  seed?: number;
  reps?: number;
  /** Keep each rep's monthly history (the committed sample does; the bench does not need it). */
  history?: boolean;
}

interface SampleUnit {
  id: string;
  parent_id: string;
  name: string;
  level: 'company' | 'region' | 'team' | 'rep';
  city: string;
  /** Yuan, whole. */
  revenue_12m: number;
  revenue_prev_12m: number;
  last_revenue: number;
  market_index: number;
  new_city: boolean;
  tenure_months: number;
  product_fit: number;
  competitor_share: number;
  is_new: boolean;
  /** External correction as a growth fraction (0.04 = +4 points), empty for none. */
  growth_correction: number | '';
  correction_reason: string;
}

export interface SampleCompany {
  seed: number;
  /** The 24 history months, oldest first (YYYY-MM). */
  months: string[];
  /** The period the targets are for, and its comparable last period. */
  period: string;
  lastPeriod: string;
  units: SampleUnit[];
  /** Per rep, monthly revenue in whole yuan (when history was asked for). */
  history: Map<string, number[]>;
  /** A company Base target for the demo: last period × 1.15, rounded to 10,000 yuan. */
  suggestedBase: number;
  suggestedStretch: number;
}

const SAMPLE_SEED = 20260101;
export const SAMPLE_COLUMNS: ReadonlyArray<keyof SampleUnit> = [
  'id', 'parent_id', 'name', 'level', 'city', 'revenue_12m', 'revenue_prev_12m', 'last_revenue',
  'market_index', 'new_city', 'tenure_months', 'product_fit', 'competitor_share', 'is_new', 'growth_correction', 'correction_reason',
];

const MONTHS = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
/** Revenue index per calendar month: Spring Festival dip in February, half-year and year-end pushes. */
const SEASON = [0.85, 0.6, 1.0, 0.95, 1.0, 1.2, 0.9, 0.88, 1.05, 1.0, 1.1, 1.45];
/** Months 12..17 = 2025-01..06: the comparable last period of a 2026 H1 target. */
const LAST_PERIOD = [12, 13, 14, 15, 16, 17];

interface RegionSpec { id: string; name: string; share: number; growth: number; market: number; cities: string[]; newCity: string; correction?: [number, string] }

const REGIONS: RegionSpec[] = [
  { id: 'HD', name: '华东', share: 14, growth: 0.14, market: 85, cities: ['上海', '杭州', '南京', '苏州', '宁波', '合肥', '无锡'], newCity: '温州' },
  { id: 'HN', name: '华南', share: 12, growth: 0.16, market: 82, cities: ['广州', '深圳', '东莞', '佛山', '厦门', '福州'], newCity: '南宁' },
  { id: 'HB', name: '华北', share: 11, growth: 0.1, market: 76, cities: ['北京', '天津', '石家庄', '济南', '青岛', '太原'], newCity: '呼和浩特' },
  { id: 'HZ', name: '华中', share: 8, growth: 0.12, market: 66, cities: ['武汉', '长沙', '郑州', '南昌'], newCity: '宜昌' },
  { id: 'XN', name: '西南', share: 8, growth: 0.18, market: 62, cities: ['成都', '重庆', '昆明', '贵阳'], newCity: '绵阳', correction: [0.04, '地方消费补贴（成渝）'] },
  { id: 'XB', name: '西北', share: 7, growth: 0.08, market: 52, cities: ['西安', '兰州', '乌鲁木齐'], newCity: '银川', correction: [-0.02, '行业政策收紧'] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯俊帆欣怡婷雪琳晨阳佳慧颖思雨博然晓丹宁嘉琪晗瑶鑫睿哲轩子涵梓萱若溪昊天志远国庆海燕';
const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const pick = <T>(rng: () => number, list: readonly T[] | string): T => list[Math.floor(rng() * list.length)] as T;
const between = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const normal = (rng: () => number) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const teamOrdinal = (k: number) => (k <= 10 ? CN_DIGITS[k] : String(k));

/** Splits `total` into `parts` sizes around total/parts (±35%), summing exactly. */
function sizes(rng: () => number, total: number, parts: number): number[] {
  const avg = total / parts;
  const out = Array.from({ length: parts }, () => Math.max(1, Math.round(avg * between(rng, 0.65, 1.35))));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    if (diff > 0) { out[i] = (out[i] as number) + 1; diff--; } else if ((out[i] as number) > 1) { out[i] = (out[i] as number) - 1; diff++; }
  }
  return out;
}

export function generateSampleCompany(options: SampleOptions = {}): SampleCompany {
  const seed = options.seed ?? SAMPLE_SEED;
  const repCount = options.reps ?? 480;
  const keepHistory = options.history ?? true;
  const rng = seededRandom(seed);
  const teamCount = Math.max(REGIONS.length, Math.round(repCount / 8));
  const shareSum = REGIONS.reduce((s, r) => s + r.share, 0);
  const teamsPerRegion: number[] = new Array<number>(REGIONS.length).fill(0);
  // teams by region share, exactly teamCount
  let assigned = 0;
  REGIONS.forEach((r, i) => { teamsPerRegion[i] = Math.max(1, Math.floor((teamCount * r.share) / shareSum)); assigned += teamsPerRegion[i] as number; });
  for (let i = 0; assigned < teamCount; i = (i + 1) % REGIONS.length) { teamsPerRegion[i] = (teamsPerRegion[i] as number) + 1; assigned++; }
  const teamSizes = sizes(rng, repCount, teamCount);

  const units: SampleUnit[] = [];
  const history = new Map<string, number[]>();
  const company: SampleUnit = blankUnit('YQ', '', '云启科技', 'company', '杭州');
  units.push(company);
  let teamIndex = 0;
  const sums = new Map<string, { r12: number; p12: number; last: number; tenure: number[] }>();
  const addUp = (id: string, r12: number, p12: number, last: number, tenure: number) => {
    const s = sums.get(id) ?? { r12: 0, p12: 0, last: 0, tenure: [] };
    s.r12 += r12; s.p12 += p12; s.last += last; s.tenure.push(tenure);
    sums.set(id, s);
  };
  const usedNames = new Set<string>();

  REGIONS.forEach((region, ri) => {
    const r = blankUnit(region.id, company.id, `${region.name}大区`, 'region', region.cities[0] as string);
    r.market_index = region.market;
    r.product_fit = Math.round(between(rng, 62, 84));
    r.competitor_share = Math.round(between(rng, 25, 55));
    if (region.correction) { r.growth_correction = region.correction[0]; r.correction_reason = region.correction[1]; }
    units.push(r);
    const perCity = new Map<string, number>();
    const nTeams = teamsPerRegion[ri] as number;
    for (let t = 0; t < nTeams; t++) {
      // the last team of a region opens in its new city; one more in three regions is a new team in an old city
      const inNewCity = t === nTeams - 1 && nTeams > 1;
      const newTeam = inNewCity || (t === nTeams - 2 && ri % 2 === 0 && nTeams > 3);
      const city = inNewCity ? region.newCity : (region.cities[t % region.cities.length] as string);
      const k = (perCity.get(city) ?? 0) + 1;
      perCity.set(city, k);
      const teamId = `${region.id}${String(t + 1).padStart(repCount > 5000 ? 4 : 2, '0')}`;
      const team = blankUnit(teamId, region.id, `${city}${teamOrdinal(k)}组`, 'team', city);
      const opened = newTeam ? 12 + Math.floor(rng() * 10) : -1; // 2025-01 .. 2025-10
      team.is_new = newTeam;
      team.new_city = inNewCity;
      team.market_index = Math.round(Math.min(100, Math.max(20, region.market + between(rng, -12, 8) + (inNewCity ? -10 : 0))));
      team.product_fit = Math.round(Math.min(100, Math.max(30, r.product_fit + between(rng, -10, 10))));
      team.competitor_share = Math.round(Math.min(90, Math.max(5, r.competitor_share + between(rng, -12, 12))));
      if (ri === 0 && t === 1) { team.growth_correction = 0.07; team.correction_reason = '新园区入驻补贴（超出上限，按 5 点计）'; }
      units.push(team);
      const size = teamSizes[teamIndex++] as number;
      for (let p = 0; p < size; p++) {
        const repId = `${teamId}-${String(p + 1).padStart(2, '0')}`;
        let name = '';
        for (let tries = 0; tries < 5 && (!name || usedNames.has(name)); tries++) {
          name = pick<string>(rng, SURNAMES) + pick<string>(rng, GIVEN) + (rng() < 0.6 ? pick<string>(rng, GIVEN) : '');
        }
        usedNames.add(name);
        const rep = blankUnit(repId, teamId, name, 'rep', city);
        // hired some months before the end of history (month 23); new teams hire after opening
        const maxTenure = opened >= 0 ? 23 - opened + 1 : 96;
        const tenure = Math.max(1, Math.round(opened >= 0 ? between(rng, 1, maxTenure) : Math.min(96, Math.exp(between(rng, Math.log(4), Math.log(96))))));
        const hired = 24 - tenure; // month index of the first month worked (may be negative)
        const level = Math.exp(Math.log(60000) + 0.45 * normal(rng)) * (inNewCity ? 0.7 : 1);
        const trend = region.growth + between(rng, -0.06, 0.06);
        const months: number[] = new Array<number>(24);
        for (let m = 0; m < 24; m++) {
          if (m < hired || m < opened) { months[m] = 0; continue; }
          const worked = m - Math.max(hired, opened);
          const ramp = Math.min(1, (worked + 1) / 6);
          const grown = Math.pow(1 + trend, (m - 23) / 12);
          const noise = 1 + 0.12 * normal(rng);
          months[m] = Math.max(0, Math.round(level * grown * (SEASON[m % 12] as number) * ramp * noise));
        }
        const r12 = months.slice(12).reduce((a, b) => a + b, 0);
        const p12 = months.slice(0, 12).reduce((a, b) => a + b, 0);
        const last = LAST_PERIOD.reduce((a, m) => a + (months[m] as number), 0);
        rep.revenue_12m = r12; rep.revenue_prev_12m = p12; rep.last_revenue = last;
        rep.tenure_months = tenure;
        rep.is_new = newTeam;
        rep.new_city = inNewCity;
        rep.market_index = team.market_index;
        rep.product_fit = Math.round(Math.min(100, Math.max(20, team.product_fit + between(rng, -8, 8))));
        rep.competitor_share = team.competitor_share;
        units.push(rep);
        if (keepHistory) history.set(repId, months);
        addUp(teamId, r12, p12, last, tenure);
      }
      const s = sums.get(teamId)!;
      team.revenue_12m = s.r12; team.revenue_prev_12m = s.p12; team.last_revenue = s.last;
      team.tenure_months = Math.round(s.tenure.reduce((a, b) => a + b, 0) / s.tenure.length);
      addUp(region.id, s.r12, s.p12, s.last, team.tenure_months);
    }
    const s = sums.get(region.id)!;
    r.revenue_12m = s.r12; r.revenue_prev_12m = s.p12; r.last_revenue = s.last;
    r.tenure_months = Math.round(s.tenure.reduce((a, b) => a + b, 0) / s.tenure.length);
    addUp(company.id, s.r12, s.p12, s.last, r.tenure_months);
  });
  const s = sums.get(company.id)!;
  company.revenue_12m = s.r12; company.revenue_prev_12m = s.p12; company.last_revenue = s.last;
  company.tenure_months = Math.round(s.tenure.reduce((a, b) => a + b, 0) / s.tenure.length);
  company.market_index = 70; company.product_fit = 72; company.competitor_share = 40;
  const suggestedBase = Math.round((s.last * 1.15) / 10000) * 10000;
  return {
    seed, months: MONTHS.slice(), period: '2026-H1', lastPeriod: '2025-H1', units, history,
    suggestedBase, suggestedStretch: Math.round((suggestedBase * 1.12) / 10000) * 10000,
  };
}

function blankUnit(id: string, parent: string, name: string, level: SampleUnit['level'], city: string): SampleUnit {
  return {
    id, parent_id: parent, name, level, city, revenue_12m: 0, revenue_prev_12m: 0, last_revenue: 0,
    market_index: 0, new_city: false, tenure_months: 0, product_fit: 0, competitor_share: 0, is_new: false,
    growth_correction: '', correction_reason: '',
  };
}

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The units as table rows (every cell text, as a CSV gives them), with 1-based line numbers. */
export function sampleUnitRows(company: SampleCompany): Array<{ line: number; record: Record<string, unknown> }> {
  return company.units.map((u, i) => ({ line: i + 2, record: Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c, String(u[c])])) }));
}

/** The committed files of templates/data/sample-company/, as text: units.csv, history.csv, company.json. */
export function sampleCompanyFiles(company: SampleCompany): Record<string, string> {
  const units = [SAMPLE_COLUMNS.join(','), ...company.units.map((u) => SAMPLE_COLUMNS.map((c) => csvCell(u[c])).join(','))].join('\n') + '\n';
  const history = [['id', ...company.months].join(','), ...[...company.history].map(([id, m]) => [id, ...m].join(','))].join('\n') + '\n';
  const meta = {
    seed: company.seed,
    period: company.period,
    lastPeriod: company.lastPeriod,
    months: [company.months[0], company.months[company.months.length - 1]],
    regions: company.units.filter((u) => u.level === 'region').length,
    teams: company.units.filter((u) => u.level === 'team').length,
    reps: company.units.filter((u) => u.level === 'rep').length,
    suggestedBase: company.suggestedBase,
    suggestedStretch: company.suggestedStretch,
  };
  return { 'units.csv': units, 'history.csv': history, 'company.json': JSON.stringify(meta, null, 2) + '\n' };
}
