// `simgate monitor` flags, resolved once: every number plain decimal and in range, every name
// known, every path printable, all problems at once (located as `simgate monitor`). Nothing
// reads the raw flags after this.
import { resolve } from 'node:path';
import { DRIFT_THRESHOLDS } from './drift.js';
import { COMMAND_LINE, didYouMean, type MonitorProblem } from './problems.js';
import { parseDecimal } from './rules.js';
import { hasUnsafeChars, quoteExcerpt } from './text.js';

/** The flags as commander hands them over (strings; defaults filled in). */
export interface MonitorFlags {
  readonly model?: string;
  readonly reference?: string;
  readonly stream?: string;
  readonly makeReference?: string;
  readonly window?: string;
  readonly out?: string;
  readonly minSensors?: string;
  readonly minCorrelation?: string;
  readonly season?: string;
  readonly maeRatio?: string;
  readonly quiet?: boolean;
}

export const FLAG_DEFAULTS = {
  model: 'reference:ewma',
  window: '500',
  out: 'simgate-report',
  minSensors: '2',
  minCorrelation: '0.7',
  maeRatio: '1.5',
} as const;

export const REFERENCE_MODELS = ['reference:ewma', 'reference:seasonal-naive'] as const;

export interface ResolvedMonitorRun {
  readonly mode: 'judge' | 'make-reference';
  /** `reference:…` or a model path. */
  readonly model: string;
  /** The reference file: read when judging, written with --make-reference. */
  readonly reference: string;
  /** The stream judged, or the healthy data a reference is made from. */
  readonly data: string;
  readonly window: number;
  readonly out: string;
  readonly minSensors: number;
  readonly minCorrelation: number;
  readonly maeRatio: number;
  /** Rows per season for reference:seasonal-naive (undefined: one day of the data). */
  readonly season?: number;
  readonly quiet: boolean;
}

interface NumberRule {
  readonly integer?: boolean;
  readonly min: number;
  readonly max?: number;
  readonly text: string;
}

export interface ResolvedFlags {
  /** Present only when no flag has a problem. */
  readonly run?: ResolvedMonitorRun;
  readonly problems: readonly MonitorProblem[];
  /** The input files named by usable flags, so their problems join the flags' own. */
  readonly inputs: {
    readonly reference?: string;
    readonly data?: string;
    readonly model?: string;
    readonly season?: number;
  };
}

export function resolveMonitorFlags(flags: MonitorFlags): ResolvedFlags {
  const problems: MonitorProblem[] = [];
  const fail = (message: string) => problems.push({ file: COMMAND_LINE, line: 0, col: 0, path: '', message });
  const number = (flag: string, raw: string, rule: NumberRule): number => {
    const parsed = parseDecimal(raw);
    if (!parsed.ok) {
      fail(`${flag} must be ${rule.text} (got ${quoteExcerpt(raw)}: ${parsed.why})`);
      return Number.NaN;
    }
    const { value } = parsed;
    if ((rule.integer && !Number.isInteger(value)) || value < rule.min || value > (rule.max ?? Infinity)) {
      fail(`${flag} must be ${rule.text} (got ${quoteExcerpt(raw)})`);
      return Number.NaN;
    }
    return value;
  };
  /** The path, or '' when it is missing or unusable. */
  const path = (flag: string, value: string | undefined): string => {
    if (value === undefined) fail(`${flag} FILE is required`);
    else if (value === '') fail(`${flag} must name a file (got an empty string)`);
    else if (hasUnsafeChars(value))
      fail(`${flag} ${quoteExcerpt(value)}: a path with control characters is refused`);
    else return value;
    return '';
  };

  const making = flags.makeReference !== undefined;
  const data = path(making ? '--make-reference' : '--stream', making ? flags.makeReference : flags.stream);
  const reference = path('--reference', flags.reference);
  const out = path('--out', flags.out ?? FLAG_DEFAULTS.out);
  if (making && flags.stream !== undefined)
    fail(
      '--stream does not apply with --make-reference (the reference is made from the --make-reference data)',
    );
  if (making && reference && data && resolve(reference) === resolve(data))
    fail('--reference names the --make-reference data file; writing the reference would overwrite it');

  const model = flags.model ?? FLAG_DEFAULTS.model;
  const known = REFERENCE_MODELS as readonly string[];
  const problemsBeforeModel = problems.length;
  if (model.startsWith('reference:') && !known.includes(model))
    fail(
      `--model ${quoteExcerpt(model)}: unknown reference model (${known.join(', ')})${didYouMean(model, known)}`,
    );
  else if (!model.startsWith('reference:') && !/\.(onnx|card\.yaml)$/.test(model)) {
    const named = known.includes(`reference:${model}`) ? ` (did you mean "reference:${model}"?)` : '';
    fail(
      `--model ${quoteExcerpt(model)}: expected ${known.join(', ')} or a model path ending in .onnx${named}`,
    );
  } else if (hasUnsafeChars(model))
    fail(`--model ${quoteExcerpt(model)}: a path with control characters is refused`);
  const modelUsable = problems.length === problemsBeforeModel;

  const window = number('--window', flags.window ?? FLAG_DEFAULTS.window, {
    integer: true,
    min: DRIFT_THRESHOLDS.min_window,
    max: Number.MAX_SAFE_INTEGER,
    text: `a whole number of rows, at least ${DRIFT_THRESHOLDS.min_window} (the least readings the drift statistics judge)`,
  });
  const minSensors = number('--min-sensors', flags.minSensors ?? FLAG_DEFAULTS.minSensors, {
    integer: true,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    text: 'a positive integer',
  });
  const minCorrelation = number('--min-correlation', flags.minCorrelation ?? FLAG_DEFAULTS.minCorrelation, {
    min: 0,
    max: 1,
    text: 'a number in [0, 1]',
  });
  const maeRatio = number('--mae-ratio', flags.maeRatio ?? FLAG_DEFAULTS.maeRatio, {
    min: 1,
    text: 'a number of at least 1 (a multiple of the reference MAE)',
  });
  let season: number | undefined;
  if (flags.season !== undefined) {
    if (model !== 'reference:seasonal-naive')
      fail('--season applies to --model reference:seasonal-naive only');
    season = number('--season', flags.season, {
      integer: true,
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      text: 'a positive integer',
    });
  }
  const seasonUsable = season === undefined || Number.isInteger(season);
  const inputs = {
    ...(reference && !making ? { reference } : {}),
    ...(data ? { data } : {}),
    ...(modelUsable && seasonUsable ? { model, ...(season !== undefined ? { season } : {}) } : {}),
  };
  if (problems.length > 0) return { problems, inputs };
  return {
    problems,
    inputs,
    run: {
      mode: making ? 'make-reference' : 'judge',
      model,
      reference,
      data,
      window,
      out,
      minSensors,
      minCorrelation,
      maeRatio,
      ...(season !== undefined ? { season } : {}),
      quiet: flags.quiet === true,
    },
  };
}
