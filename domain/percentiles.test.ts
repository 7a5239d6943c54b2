import { describe, expect, it } from 'vitest';
import { quantile, summarizeDurations } from './percentiles.js';

describe('quantile', () => {
  it('interpolates between the closest ranks, like percentile_cont', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('has nothing to say about no values, and refuses impossible fractions', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(/between 0 and 1/);
  });
});

describe('summarizeDurations', () => {
  it('sorts and gives count, median and p90', () => {
    expect(summarizeDurations([3600, 60, 600, 7200, 120])).toEqual({ count: 5, median: 600, p90: 5760 });
    expect(summarizeDurations([])).toEqual({ count: 0, median: null, p90: null });
  });
});
