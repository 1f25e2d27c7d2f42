import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, medianOf, mergeHistograms, type Histogram } from '../../functions/desk/statistics';

const histogramOf = (samples: number[]): Histogram => {
  const h: Histogram = {};
  for (const s of samples) h[bucketOf(s)] = (h[bucketOf(s)] ?? 0) + 1;
  return h;
};

const exactMedian = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
};

describe('medians of the statistics (A3, correction of issue 20)', () => {
  it('reports a 14 s first response as 14 s, not as its doubling bucket', () => {
    expect(medianOf(histogramOf([14]))).toBe(14);
    expect(medianOf(histogramOf([14, 20, 90]))).toBe(20);
    expect(medianOf(histogramOf([10, 15]))).toBe(12.5);
  });

  it('is exact when every duration is under 128 s', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 127 }), { minLength: 1, maxLength: 200 }), (samples) => {
        expect(medianOf(histogramOf(samples))).toBe(exactMedian(samples));
      }),
    );
  });

  it('is within 1 % of the exact median for any durations up to a year, merged over days', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 365 * 86_400 }), { minLength: 0, maxLength: 60 }), { minLength: 1, maxLength: 30 }), (days) => {
        const all = days.flat();
        const median = medianOf(mergeHistograms(days.map(histogramOf)));
        if (all.length === 0) expect(median).toBeNull();
        else expect(Math.abs(median! - exactMedian(all))).toBeLessThanOrEqual(Math.max(0.05, exactMedian(all) * 0.01));
      }),
      { numRuns: 500 },
    );
  });
});
