// Helpers for a benchmark's runs: nearest-rank percentiles (no interpolation, so a p95 is a time
// that one run really took), and a wait that fails loudly instead of hanging.

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const summary = (values) => ({ runs: values.length, median: percentile(values, 50), p95: percentile(values, 95) });

/** A wait that ends with an error naming what never happened, rather than a bench that hangs. */
export async function within(promise, what, ms = 15_000) {
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: ${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
