/**
 * The seeded follow-up sample for the sample company: two teams' opportunities and activities
 * from 2 March to 15 May 2026 (the months of its actuals), with late and missing feedback, late
 * second touches, stalled negotiations, a few moves that broke a criterion, quote requests and
 * quotes, daily customer touches, one rep whose touches collapse for a week and one who spikes
 * (anomalies), and a team that falls below the red line in its last weeks (the playbook).
 * Beside the reps, each team has customer-success (客户成功) and project-manager (项目经理)
 * people, numbered on after the team's reps, with their own activity files over the same days
 * (health checks, renewal warnings and the action taken; tasks closed on time or late, work orders
 * raised and answered), one person a role with a clear anomaly. Their activities never touch the
 * reps' opportunities or files, so the reps' funnel and figures stay as they are.
 * `templates/data/sample-pipeline/` holds exactly what this makes.
 */
import { generateSampleCompany } from './company.js';
import { seededRandom } from '../random.js';
import { DAY_MS, HOUR_MS, parseInstant, shanghaiDayOf, shanghaiIso } from '../calendar/instants.js';

const SAMPLE_PIPELINE_SEED = 20260302;
export const SAMPLE_PIPELINE_NOW = '2026-05-15T18:00:00+08:00';
const START = '2026-03-02T00:00:00+08:00';
const WEEKS = 11;

interface SamplePipeline {
  /** The two teams and their reps. */
  teams: string[];
  reps: string[];
  /** The reps seeded with a collapse and a spike of daily touches. */
  anomalies: { falling: string; rising: string };
  opportunities: Array<Record<string, string | number>>;
  activities: Array<Record<string, string>>;
  /** The other roles' people, placed in the two teams (`staff.csv`). */
  staff: SampleStaff[];
  /** Per other role, its activities (`activities-<role>.csv`) and the person seeded with an anomaly. */
  roles: Record<SampleStaffRole, { activities: Array<Record<string, string>>; anomaly: { person: string; indicator: string; direction: 'up' | 'down' } }>;
}

type SampleStaffRole = 'customer-success' | 'project-manager';
type SampleStaff = { id: string; parent_id: string; name: string; role: SampleStaffRole };
const SAMPLE_STAFF_COLUMNS = ['id', 'parent_id', 'name', 'role'];
const SAMPLE_ROLE_ACTIVITY_COLUMNS = ['id', 'opportunity_id', 'owner_id', 'type', 'at', 'on_time'];
/** Per team, how many of each other role (the first team has two customer-success people, the second two project managers). */
const STAFF_PER_TEAM: ReadonlyArray<Record<SampleStaffRole, number>> = [{ 'customer-success': 2, 'project-manager': 1 }, { 'customer-success': 1, 'project-manager': 2 }];
const STAFF_SURNAMES = '王李张刘陈杨黄赵吴周孙马朱胡郭何高罗郑梁谢宋唐许韩';
const STAFF_GIVEN = '静敏婷磊洋勇艳杰涛明超秀霞平刚桂英华玲芳燕';

const SAMPLE_OPPORTUNITY_COLUMNS = ['id', 'owner_id', 'customer', 'amount', 'created_at', 'stage'];
const SAMPLE_ACTIVITY_COLUMNS = ['id', 'opportunity_id', 'owner_id', 'type', 'at', 'to_stage', 'reason'];

const PLACES = ['华远', '东方', '新航', '立信', '金禾', '博瑞', '恒通', '天成', '启明', '瑞丰', '鼎盛', '安达'];
const TRADES = ['制造', '物流', '医疗', '教育', '零售', '能源', '食品', '软件'];

interface SamplePipelineOptions {
  seed?: number;
  /** The working days daily touches fall on (the bundle's calendar); Monday to Friday by default. */
  isWorkingDay?: (day: string) => boolean;
}

export function generateSamplePipeline(options: SamplePipelineOptions = {}): SamplePipeline {
  const rnd = seededRandom(options.seed ?? SAMPLE_PIPELINE_SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const company = generateSampleCompany();
  const regions = company.units.filter((u) => u.level === 'region').slice(0, 2).map((u) => u.id);
  const teams = regions.map((r) => company.units.find((u) => u.level === 'team' && u.parent_id === r)!.id);
  const reps = company.units.filter((u) => u.level === 'rep' && teams.includes(u.parent_id)).map((u) => u.id);
  const weakTeam = teams[1]!;
  const teamOf = new Map(company.units.map((u) => [u.id, u.parent_id]));
  const start = parseInstant(START)!;
  const now = parseInstant(SAMPLE_PIPELINE_NOW)!;
  const days: number[] = [];
  for (let d = 0; d < WEEKS * 7; d++) {
    const t = start + d * DAY_MS;
    if (t > now) break;
    const wd = new Date(t + 8 * HOUR_MS).getUTCDay();
    const working = options.isWorkingDay ? options.isWorkingDay(shanghaiDayOf(t)) : wd !== 0 && wd !== 6;
    if (working) days.push(t);
  }
  const at = (day: number, hour = 9 + rnd() * 9) => day + Math.floor(hour * 60) * 60_000;
  const falling = reps[2]!;
  const rising = reps[5]!;

  const opportunities: SamplePipeline['opportunities'] = [];
  const acts: Array<{ opportunity_id: string; owner_id: string; type: string; at: number; to_stage?: string; reason?: string }> = [];
  const stages = ['lead', 'intent', 'proposal', 'negotiation', 'won'];
  const oppsOf = new Map<string, string[]>();
  let oppSeq = 0;
  for (const rep of reps) {
    const mine: string[] = [];
    const count = 4 + Math.floor(rnd() * 3);
    for (let k = 0; k < count; k++) {
      const id = `OP${String(++oppSeq).padStart(4, '0')}`;
      mine.push(id);
      const created = at(days[Math.floor(rnd() * (days.length - 8))]!);
      const amount = Math.round(50 + rnd() * 450) * 1000;
      const add = (type: string, t: number, extra: { to_stage?: string; reason?: string } = {}) => { const m = Math.round(t / 60_000) * 60_000; if (m <= now) acts.push({ opportunity_id: id, owner_id: rep, type, at: m, ...extra }); };
      add('first_visit', created);
      // feedback: usually within a day; some late, a few never
      const f = rnd();
      if (f < 0.75) add('feedback', created + (2 + rnd() * 40) * HOUR_MS);
      else if (f < 0.9) add('feedback', created + (49 + rnd() * 40) * HOUR_MS);
      // a second touch: usually within the week
      const s = rnd();
      if (s < 0.8) add('touch', created + (1 + rnd() * 5.5) * DAY_MS);
      else if (s < 0.92) add('touch', created + (7.5 + rnd() * 5) * DAY_MS);
      let t = created;
      let stage = 0;
      let lost = false;
      while (stage < 4) {
        t += (2 + rnd() * 9) * DAY_MS;
        if (t > now) break;
        const go = rnd();
        const advance = [0.75, 0.7, 0.7, 0.6][stage]!;
        if (go > advance) {
          if (rnd() < 0.6) { add('stage_change', t, { to_stage: 'lost', ...(rnd() < 0.9 ? { reason: pick(['price', 'competitor', 'no-budget', 'no-decision']) } : {}) }); lost = true; }
          break;
        }
        const sloppy = rnd() < 0.06;
        const before = t - (0.5 + rnd()) * DAY_MS;
        if (stage === 0) { add('demo', before); if (!sloppy) add('needs_form', before + HOUR_MS); }
        if (stage === 1) { add('quote_request', before - DAY_MS); add('quote', before - DAY_MS + (4 + rnd() * (rnd() < 0.2 ? 70 : 30)) * HOUR_MS); }
        if (stage === 2) { if (!sloppy) add('proposal', before); add('quote', before + HOUR_MS); }
        add('stage_change', t, { to_stage: stages[stage + 1]! });
        stage++;
      }
      const final = lost ? 'lost' : stages[stage]!;
      opportunities.push({ id, owner_id: rep, customer: `${pick(PLACES)}${pick(TRADES)}`, amount, created_at: shanghaiIso(created), stage: final });
    }
    oppsOf.set(rep, mine);
  }
  // daily customer touches, per rep around his own level; one collapses for a week, one spikes;
  // the weaker team slows down over its last three weeks
  days.forEach((day, i) => {
    for (const rep of reps) {
      let n = 3 + (reps.indexOf(rep) % 2);
      const jitter = rnd();
      if (jitter < 0.1) n--;
      else if (jitter > 0.9) n++;
      if (teamOf.get(rep) === weakTeam && i >= days.length - 15) n = 1;
      if (rep === falling && i >= 30 && i < 35) n = 0;
      if (rep === rising && (i === 40 || i === 41)) n = Math.round(n * 2.5);
      for (let k = 0; k < n; k++) acts.push({ opportunity_id: pick(oppsOf.get(rep)!), owner_id: rep, type: 'touch', at: at(day) });
    }
  });
  acts.sort((a, b) => a.at - b.at || (a.opportunity_id < b.opportunity_id ? -1 : a.opportunity_id > b.opportunity_id ? 1 : 0));
  const activities = acts.map((a, i) => ({
    id: `AC${String(i + 1).padStart(5, '0')}`, opportunity_id: a.opportunity_id, owner_id: a.owner_id, type: a.type, at: shanghaiIso(a.at),
    to_stage: a.to_stage ?? '', reason: a.reason ?? '',
  }));
  const { staff, roles } = generateStaff(options.seed ?? SAMPLE_PIPELINE_SEED, teams, company.units, days, now);
  return { teams, reps, anomalies: { falling, rising }, opportunities, activities, staff, roles };
}

/**
 * The other roles, from their own seeded stream (so the reps' rows never move): per working day
 * a customer-success person makes about three customer touches, one of them a health check, and
 * handles a renewal warning every third day (the action hours later; sparse, so the duration has
 * no daily baseline to alarm on); a project manager closes about three tasks a day (about one in
 * ten late) and answers a work order every third day. The first customer-success person's touches
 * collapse for a week, the first project manager's closed tasks spike over two days.
 */
function generateStaff(seed: number, teams: string[], units: ReadonlyArray<{ id: string; parent_id: string; level: string }>, days: number[], now: number): Pick<SamplePipeline, 'staff' | 'roles'> {
  const rnd = seededRandom(seed + 1);
  const pick = (chars: string): string => chars[Math.floor(rnd() * chars.length)]!;
  const at = (day: number, hour = 9 + rnd() * 9) => day + Math.floor(hour * 60) * 60_000;
  const staff: SampleStaff[] = [];
  teams.forEach((team, ti) => {
    let next = units.filter((u) => u.level === 'rep' && u.parent_id === team).length;
    for (const role of ['customer-success', 'project-manager'] as const) {
      for (let k = 0; k < (STAFF_PER_TEAM[ti] ?? STAFF_PER_TEAM[0]!)[role]; k++) {
        staff.push({ id: `${team}-${String(++next).padStart(2, '0')}`, parent_id: team, name: `${pick(STAFF_SURNAMES)}${pick(STAFF_GIVEN)}${rnd() < 0.5 ? pick(STAFF_GIVEN) : ''}`, role });
      }
    }
  });
  type Act = { opportunity_id: string; owner_id: string; type: string; at: number; on_time?: string };
  const cs = staff.filter((p) => p.role === 'customer-success');
  const pm = staff.filter((p) => p.role === 'project-manager');
  const falling = cs[0]!.id;
  const rising = pm[0]!.id;
  const csActs: Act[] = [];
  const pmActs: Act[] = [];
  let renewal = 0;
  let order = 0;
  const jittered = (base: number) => { const j = rnd(); return j < 0.15 ? base - 1 : j > 0.85 ? base + 1 : base; };
  days.forEach((day, i) => {
    cs.forEach((p, pi) => {
      const n = p.id === falling && i >= 30 && i < 35 ? 0 : jittered(3);
      for (let k = 0; k < n; k++) csActs.push({ opportunity_id: '', owner_id: p.id, type: k === 0 ? 'health_check' : 'touch', at: at(day) });
      if ((i + pi) % 3 === 0) {
        const key = `RN${String(++renewal).padStart(4, '0')}`;
        const warned = at(day, 9 + rnd() * 4);
        csActs.push({ opportunity_id: key, owner_id: p.id, type: 'renewal_warning', at: warned });
        const done = warned + (4 + rnd() * 60) * HOUR_MS;
        if (done <= now) csActs.push({ opportunity_id: key, owner_id: p.id, type: 'renewal_action', at: done });
      }
    });
    pm.forEach((p, pi) => {
      const n = p.id === rising && (i === 40 || i === 41) ? 8 : jittered(3);
      for (let k = 0; k < n; k++) pmActs.push({ opportunity_id: '', owner_id: p.id, type: 'task_closed', at: at(day), on_time: rnd() < 0.9 ? 'true' : 'false' });
      if ((i + pi) % 3 === 1) {
        const key = `WO${String(++order).padStart(4, '0')}`;
        const raised = at(day, 9 + rnd() * 6);
        pmActs.push({ opportunity_id: key, owner_id: p.id, type: 'work_order_raised', at: raised });
        const answered = raised + (1 + rnd() * 12) * HOUR_MS;
        if (answered <= now) pmActs.push({ opportunity_id: key, owner_id: p.id, type: 'work_order_response', at: answered });
      }
    });
  });
  const rows = (prefix: string, acts: Act[]) => acts
    .map((a) => ({ ...a, at: Math.round(a.at / 60_000) * 60_000 }))
    .sort((a, b) => a.at - b.at || (a.owner_id < b.owner_id ? -1 : a.owner_id > b.owner_id ? 1 : 0))
    .map((a, i) => ({ id: `${prefix}${String(i + 1).padStart(5, '0')}`, opportunity_id: a.opportunity_id, owner_id: a.owner_id, type: a.type, at: shanghaiIso(a.at), on_time: a.on_time ?? '' }));
  return {
    staff,
    roles: {
      'customer-success': { activities: rows('CS', csActs), anomaly: { person: falling, indicator: 'cs-customer-touches', direction: 'down' } },
      'project-manager': { activities: rows('PM', pmActs), anomaly: { person: rising, indicator: 'pm-tasks-closed', direction: 'up' } },
    },
  };
}

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The committed files, by name under `templates/data/sample-pipeline/`. */
export function samplePipelineFiles(sample: SamplePipeline): Record<string, string> {
  const csv = (columns: string[], rows: Array<Record<string, unknown>>) => [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
  return {
    'opportunities.csv': csv(SAMPLE_OPPORTUNITY_COLUMNS, sample.opportunities),
    'activities.csv': csv(SAMPLE_ACTIVITY_COLUMNS, sample.activities),
    'staff.csv': csv(SAMPLE_STAFF_COLUMNS, sample.staff),
    ...Object.fromEntries(Object.entries(sample.roles).map(([role, r]) => [`activities-${role}.csv`, csv(SAMPLE_ROLE_ACTIVITY_COLUMNS, r.activities)])),
  };
}
