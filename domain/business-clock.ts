import type { BusinessCalendar } from './business-calendar.js';
import { openIntervalsBetween } from './business-time.js';

/** The length of a business clock's buckets: UTC days. */
export const clockBucketSeconds = 86_400;
const bucketMs = clockBucketSeconds * 1000;

/**
 * One bucket (a UTC day) of a calendar's business time: the business seconds before it (from the
 * clock's start), and whether it is all open (`o`), all closed (`c`) or partly open (`p`, with its
 * open pieces as seconds into the bucket).
 */
export interface BusinessClockBucket {
  /** Buckets since the Unix epoch. */
  b: number;
  base: number;
  kind: 'o' | 'c' | 'p';
  s: number[] | null;
  e: number[] | null;
}

/**
 * A calendar's business time as a table of UTC days, so a database can measure business time by
 * looking up the days of two instants (a hash join) instead of walking a calendar: the business
 * seconds from the clock's start to instant x (epoch seconds) are `base + (x − day start)` in an open
 * day, `base` in a closed one, and `base +` the open pieces before x in a partly open one; the
 * business time between two instants is the difference. A working day has one to three pieces (a
 * lunch break, a local day crossing UTC midnight). The pieces come from business-time.ts's open
 * intervals, so the figures are the SLA clock's own (DST and holidays included).
 */
export function dailyBusinessClock(calendar: BusinessCalendar, fromMs: number, toMs: number): BusinessClockBucket[] {
  const first = Math.floor(fromMs / bucketMs);
  const last = Math.floor(toMs / bucketMs);
  const intervals = openIntervalsBetween(calendar, first * bucketMs, (last + 1) * bucketMs);
  const buckets: BusinessClockBucket[] = [];
  let base = 0;
  let next = 0;
  for (let b = first; b <= last; b++) {
    const start = b * bucketMs;
    const end = start + bucketMs;
    while (next < intervals.length && intervals[next]![1] <= start) next++;
    const s: number[] = [];
    const e: number[] = [];
    let open = 0;
    for (let i = next; i < intervals.length && intervals[i]![0] < end; i++) {
      const from = Math.max(intervals[i]![0], start);
      const to = Math.min(intervals[i]![1], end);
      if (to <= from) continue;
      s.push((from - start) / 1000);
      e.push((to - start) / 1000);
      open += to - from;
    }
    const kind = open === bucketMs ? 'o' : open === 0 ? 'c' : 'p';
    buckets.push({ b, base, kind, s: kind === 'p' ? s : null, e: kind === 'p' ? e : null });
    base += open / 1000;
  }
  return buckets;
}

/** Business seconds from the clock's start to `x` (epoch seconds), the way the reports' SQL reads the clock. */
export function clockReading(bucket: BusinessClockBucket, x: number): number {
  const into = x - bucket.b * clockBucketSeconds;
  if (bucket.kind === 'o') return bucket.base + into;
  if (bucket.kind === 'c') return bucket.base;
  let open = 0;
  bucket.s!.forEach((s, i) => (open += Math.max(0, Math.min(into, bucket.e![i]!) - s)));
  return bucket.base + open;
}
