// The reporter interface and the one multiplexer every caller goes through. Every hook is
// optional; a reporter that throws is isolated (its error is collected and the others still
// run). Reporters receive read-only plain data, never live internals of the run.
import type { ReportData } from './types.js';

export interface RunBegin {
  readonly task: string;
  readonly planned_episodes: number;
  readonly scenarios: number;
  readonly out_dir: string;
}

/** A finished episode, as progress reporters see it. */
export interface EpisodeEnd {
  readonly scenario_id: string;
  readonly sample: number;
  readonly model: 'candidate' | 'baseline';
  readonly seed: number;
  readonly status: 'ok' | 'violation' | 'error' | 'timeout';
  readonly cached: boolean;
}

export interface ReportedError {
  readonly message: string;
  readonly code?: string;
}

export interface Reporter {
  readonly name: string;
  onBegin?(info: RunBegin): void | Promise<void>;
  onEpisodeEnd?(episode: EpisodeEnd): void | Promise<void>;
  onError?(error: ReportedError): void | Promise<void>;
  /** Receives the final report; file reporters write their file here. */
  onEnd?(report: ReportData): void | Promise<void>;
}

export interface ReporterFailure {
  readonly reporter: string;
  readonly hook: string;
  readonly message: string;
}

export interface ReporterMux {
  onBegin(info: RunBegin): Promise<void>;
  onEpisodeEnd(episode: EpisodeEnd): Promise<void>;
  onError(error: ReportedError): Promise<void>;
  onEnd(report: ReportData): Promise<void>;
  /** Every hook that threw, in call order. */
  readonly failures: readonly ReporterFailure[];
}

/** Calls each reporter in order; a throwing reporter never stops the others. */
export function createReporterMux(reporters: readonly Reporter[]): ReporterMux {
  const failures: ReporterFailure[] = [];
  const call = async <K extends 'onBegin' | 'onEpisodeEnd' | 'onError' | 'onEnd'>(
    hook: K,
    arg: Parameters<NonNullable<Reporter[K]>>[0],
  ) => {
    const frozen = Object.freeze(arg) as typeof arg;
    for (const r of reporters) {
      const fn = r[hook] as ((a: typeof arg) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.call(r, frozen);
      } catch (error) {
        failures.push({
          reporter: r.name,
          hook,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  return {
    onBegin: (info) => call('onBegin', info),
    onEpisodeEnd: (episode) => call('onEpisodeEnd', episode),
    onError: (error) => call('onError', error),
    onEnd: (report) => call('onEnd', report),
    failures,
  };
}
