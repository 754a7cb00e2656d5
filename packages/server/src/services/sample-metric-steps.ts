/**
 * Picks at most `maxResults` steps from `steps` (sorted ascending, distinct), evenly spread and
 * always keeping the first and the last, as MLflow's bulk-interval history does for charts.
 */
export function sampleMetricSteps(steps: readonly number[], maxResults: number): ReadonlySet<number> {
  if (steps.length <= maxResults) return new Set(steps);
  if (maxResults <= 1) return new Set(steps.slice(0, Math.max(0, maxResults)));
  const picked = new Set<number>();
  const stride = (steps.length - 1) / (maxResults - 1);
  for (let i = 0; i < maxResults; i++) picked.add(steps[Math.round(i * stride)]!);
  return picked;
}
