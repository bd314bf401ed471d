// Peak resident memory of this process while a measured step runs: sampled every 20 ms between start and stop
// (process.resourceUsage().maxRSS would keep the peak of the whole run, set-up included).
export function rssSampler() {
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    start(): void {
      timer ??= setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    reset(): void {
      peak = 0;
    },
    get peakBytes(): number {
      return peak;
    },
  };
}
