// Medians of durations from fixed log-spaced buckets per day: O(days) to read, exact to within one bucket.

/** Upper bounds in seconds: 30 s doubling up to about 194 days; the last bucket is open-ended. */
export const BUCKET_BOUNDS: number[] = Array.from({ length: 20 }, (_, i) => 30 * 2 ** i);

export function bucketOf(seconds: number): number {
  const i = BUCKET_BOUNDS.findIndex((bound) => seconds <= bound);
  return i === -1 ? BUCKET_BOUNDS.length : i;
}

export type Histogram = Record<number, number>;

export function mergeHistograms(histograms: Histogram[]): Histogram {
  const out: Histogram = {};
  for (const h of histograms) for (const [b, n] of Object.entries(h)) out[Number(b)] = (out[Number(b)] ?? 0) + n;
  return out;
}

/** The median, interpolated geometrically inside its bucket; null when there is no sample. */
export function medianOf(histogram: Histogram): number | null {
  const total = Object.values(histogram).reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let b = 0; b <= BUCKET_BOUNDS.length; b++) {
    const n = histogram[b] ?? 0;
    if (n === 0) continue;
    if (seen + n >= half) {
      const low = b === 0 ? 1 : BUCKET_BOUNDS[b - 1]!;
      const high = BUCKET_BOUNDS[b] ?? low * 2;
      const fraction = (half - seen) / n;
      return Math.round(low * (high / low) ** fraction);
    }
    seen += n;
  }
  return null;
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
