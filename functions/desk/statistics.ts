// Medians of durations from histograms per day: O(days) to read; exact under 128 s, within 0.5 % above.

/** Durations under this many seconds each have their own bucket: a small desk's medians are exact. */
export const EXACT_BELOW = 128;
/** Above, each bucket is 1 % wider than the one before: its middle is within 0.5 % of any value in it. */
const RATIO = 1.01;

/** The bucket of a duration in whole seconds: the value itself under 128 s, then log-spaced (about 1,300 up to a year). */
export function bucketOf(seconds: number): number {
  const s = Math.max(0, Math.round(seconds));
  if (s < EXACT_BELOW) return s;
  return EXACT_BELOW + Math.floor(Math.log(s / EXACT_BELOW) / Math.log(RATIO));
}

/** The value a bucket stands for: its own second, or the geometric middle of a log-spaced bucket. */
export function bucketValue(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  return EXACT_BELOW * RATIO ** (bucket - EXACT_BELOW + 0.5);
}

export type Histogram = Record<number, number>;

export function mergeHistograms(histograms: Histogram[]): Histogram {
  const out: Histogram = {};
  for (const h of histograms) for (const [b, n] of Object.entries(h)) out[Number(b)] = (out[Number(b)] ?? 0) + n;
  return out;
}

/**
 * The median (the middle sample, or the mean of the two middle ones), to a tenth of a second; null when there is
 * no sample. Exact when every sample is under 128 s, else within 1 % of the exact median.
 */
export function medianOf(histogram: Histogram): number | null {
  const buckets = Object.entries(histogram)
    .map(([b, n]) => [Number(b), n] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (seen >= rank) return bucketValue(b);
    }
    return bucketValue(buckets[buckets.length - 1]![0]);
  };
  const median = total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
  return Math.round(median * 10) / 10;
}

export interface StatusCounts {
  total: number;
  open: number;
  closed: number;
  pending1: number;
  pending2: number;
  unread: number;
  customerMessages: number;
  employeeMessages: number;
  unassigned: number;
}

export function statisticsFrom(global: StatusCounts, medians: { firstResponse: Record<Period, number | null>; timeToClose: Record<Period, number | null> }) {
  return {
    totalThreads: global.total,
    pendingThreads: global.pending1 + global.pending2,
    customerMessages: global.customerMessages,
    employeeMessages: global.employeeMessages,
    unreadThreads: global.open,
    closedThreads: global.closed,
    openThreads: global.open,
    unreadMessages: global.unread,
    medianFirstResponseSeconds: medians.firstResponse,
    medianTimeToCloseSeconds: medians.timeToClose,
  };
}

export type Period = 'allTime' | 'last7Days' | 'last30Days';

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

export function daysBack(now: Date, days: number): string {
  return new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}
