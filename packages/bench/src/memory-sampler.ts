const MB = 1024 * 1024;

/**
 * Tracks a process's resident memory during a job. The kernel's peak (`maxRSS`) is the figure
 * that counts; the samples only show when the peak happened, and are taken both on a timer
 * (which fires while the Syncer awaits) and by explicit {@link sample} calls (which synchronous
 * baseline loops make between transactions, when a timer cannot fire).
 *
 * @example
 * const memory = MemorySampler.start();
 * runJob();
 * const { peakRssMb } = memory.stop();
 */
export class MemorySampler {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  private constructor(intervalMs: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Starts sampling every `intervalMs` milliseconds. */
  static start(intervalMs = 25): MemorySampler {
    return new MemorySampler(intervalMs);
  }

  /** Takes one sample now. */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Stops sampling; returns the kernel's peak and the highest sample, in MB. */
  stop(): { peakRssMb: number; sampledPeakRssMb: number } {
    this.sample();
    clearInterval(this.timer);
    return {
      // maxRSS is in kilobytes.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      sampledPeakRssMb: this.peakBytes / MB,
    };
  }
}
