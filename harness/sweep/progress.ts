// Sweep progress on stderr: a bar with episodes/s and ETA on a terminal (cli-progress); plain
// periodic lines when CI is set or stderr is not a TTY; nothing with --quiet. Cached and
// resumed episodes count as done but not toward the simulation rate.
import cliProgress from 'cli-progress';
import type { SweepProgress } from './engine.js';
import type { EpisodeResult } from './results.js';

export interface ProgressReporter {
  onEpisodeEnd(result: EpisodeResult, progress: SweepProgress): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  readonly stream?: NodeJS.WriteStream;
  /** Plain lines at most this often (default 5 s). */
  readonly intervalMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** The clock, in ms (default Date.now). */
  readonly now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Episodes per second since the first simulated episode ended: the clock starts there, not when
 * the reporter was made, so the work before the sweep (a gate's safety search, model loading,
 * thread start) does not dilute the rate or inflate the ETA. Unknown (NaN) until a second episode
 * has been simulated.
 */
class RateMeter {
  private firstAt: number | undefined;
  simulated = 0;
  problems = 0;

  constructor(private readonly now: () => number) {}

  rate(): number {
    if (this.firstAt === undefined || this.simulated < 2) return Number.NaN;
    return (this.simulated - 1) / Math.max((this.now() - this.firstAt) / 1000, 1e-3);
  }

  rateText(): string {
    const r = this.rate();
    return Number.isNaN(r) ? '?' : r.toFixed(1);
  }

  eta(done: number, total: number): number {
    const r = this.rate();
    return r > 0 ? (total - done) / r : Number.POSITIVE_INFINITY;
  }

  count(result: EpisodeResult, progress: SweepProgress): void {
    if (progress.source === 'run') {
      this.simulated++;
      this.firstAt ??= this.now();
    }
    if (result.status !== 'ok') this.problems++;
  }
}

function plainReporter(stream: NodeJS.WriteStream, intervalMs: number, now: () => number): ProgressReporter {
  const meter = new RateMeter(now);
  let last = 0;
  let lastDone = -1;
  let total = 0;
  let done = 0;
  const line = (done: number) => {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    stream.write(
      `simgate: ${done}/${total} episodes (${pct}%), ${meter.rateText()} episodes/s, ` +
        `ETA ${formatDuration(meter.eta(done, total))}, ${meter.problems} not ok\n`,
    );
    lastDone = done;
  };
  return {
    onEpisodeEnd(result, progress) {
      meter.count(result, progress);
      total = progress.total;
      done = progress.done;
      const at = now();
      if (at - last >= intervalMs) {
        last = at;
        line(done);
      }
    },
    stop() {
      // The final count, unless the last periodic line already said it.
      if (total > 0 && lastDone !== done) line(done);
    },
  };
}

function barReporter(stream: NodeJS.WriteStream, now: () => number): ProgressReporter {
  const meter = new RateMeter(now);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'simgate {bar} {value}/{total} episodes | {rate} episodes/s | ETA {eta_text} | {problems} not ok',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onEpisodeEnd(result, progress) {
      meter.count(result, progress);
      const payload = {
        rate: meter.rateText(),
        eta_text: formatDuration(meter.eta(progress.done, progress.total)),
        problems: meter.problems,
      };
      if (!started) {
        bar.start(progress.total, progress.done, payload);
        started = true;
      } else bar.update(progress.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  if (options.quiet) return { onEpisodeEnd() {}, stop() {} };
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  if (env.CI || !stream.isTTY) return plainReporter(stream, options.intervalMs ?? 5000, now);
  return barReporter(stream, now);
}
