/**
 * The `p`-quantile (0..1) of ascending `sorted` values by linear interpolation between the closest
 * ranks (what PostgreSQL's percentile_cont and most spreadsheets compute); null when there are none.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be between 0 and 1 (got ${p})`);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
}

/** Count, median and 90th percentile of some durations (in any unit), as reports show them. */
export interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

/** Summarizes `values` (any order; the array is sorted in place). */
export function summarizeDurations(values: number[]): DurationSummary {
  values.sort((a, b) => a - b);
  return { count: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9) };
}
