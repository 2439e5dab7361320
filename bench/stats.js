// Summaries of a benchmark's runs: nearest-rank percentiles (no interpolation, so a p95 is a time
// that one run really took).

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const summary = (values) => ({ runs: values.length, median: percentile(values, 50), p95: percentile(values, 95) });
