/**
 * The delivery log (投递日志): one JSON line per step, appended and fsync'd before the next
 * step. 'sending' goes down BEFORE a message leaves and 'delivered' or 'failed' after, so a
 * crash in between leaves a 'sending' without an outcome: the message may or may not have
 * arrived, and it is reported as uncertain rather than sent again (nothing twice).
 */
import { open, readFile } from 'node:fs/promises';

interface LogRecord {
  at: string;
  /** The delivery: notice key @ channel (and : person for e-mail). */
  delivery: string;
  notice: string;
  channel: string;
  to: string[];
  status: 'sending' | 'delivered' | 'failed';
  attempts?: number;
  error?: string;
}

type DeliveryState = 'delivered' | 'failed' | 'uncertain';

/** Appends the records (a robot's batch: one line per delivery) and syncs them to disk before returning. */
export async function appendLog(path: string, records: readonly LogRecord[]): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.appendFile(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface LogState {
  /** Each delivery's last state. */
  deliveries: Map<string, { state: DeliveryState; notice: string }>;
  /** Notices delivered (or possibly delivered) to somebody: not offered again, and their clearing sends a note. */
  deliveredNotices: Set<string>;
  /** Notices with a delivery that failed: offered again while open, and only that delivery is retried. */
  retryNotices: Set<string>;
}

export async function readLog(path: string): Promise<LogState> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  const deliveries = new Map<string, { state: DeliveryState; notice: string }>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let r: LogRecord;
    // a line cut short by a crash is the last one; it carries no outcome
    try { r = JSON.parse(line) as LogRecord; } catch { continue; }
    deliveries.set(r.delivery, { state: r.status === 'sending' ? 'uncertain' : r.status, notice: r.notice });
  }
  const noticesIn = (states: DeliveryState[]) => new Set([...deliveries.values()].filter((d) => states.includes(d.state)).map((d) => d.notice));
  return { deliveries, deliveredNotices: noticesIn(['delivered', 'uncertain']), retryNotices: noticesIn(['failed']) };
}
