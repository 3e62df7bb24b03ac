export interface RssStats {
  beforeBytes: number;
  afterBytes: number;
  /** The highest RSS seen while the work ran (sampled every 50 ms; DuckDB's memory counts too). */
  peakBytes: number;
}

/** Runs `work` while sampling the process's resident memory. */
export async function withRss<T>(work: () => Promise<T>): Promise<{ result: T; rss: RssStats }> {
  const beforeBytes = process.memoryUsage.rss();
  let peakBytes = beforeBytes;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, process.memoryUsage.rss())), 50);
  try {
    const result = await work();
    const afterBytes = process.memoryUsage.rss();
    return { result, rss: { beforeBytes, afterBytes, peakBytes: Math.max(peakBytes, afterBytes) } };
  } finally {
    clearInterval(sampler);
  }
}
