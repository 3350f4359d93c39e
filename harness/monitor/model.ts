// The forecaster the monitor judges, loaded as part of input validation: a reference model by
// name, or an ONNX stream model whose card (loaded and checked by policies/onnx) must fit the
// data the monitor uses it on — the card's `sensor` names a column, the stream is longer than
// the model's window, and a reference's recorded error was measured with the same window.
import { readFileSync } from 'node:fs';
import { createStreamModelPolicy, loadModel, ModelError } from '../../policies/onnx/index.js';
import { CARD_METADATA_KEY } from '../../policies/onnx/card.js';
import { displayPath } from '../../policies/onnx/load.js';
import type { ForecastPolicy } from '../../policies/policy.js';
import { ewmaForecaster, seasonalNaiveForecaster } from '../../policies/reference/stream.js';
import type { SensorTable } from './csv.js';
import { FieldLocator } from './locate.js';
import { didYouMean, type MonitorProblem, problemsFromLines } from './problems.js';
import type { MonitorReference } from './reference.js';
import { nameList } from './stream.js';
import { quoteExcerpt } from './text.js';

export interface MonitorModel {
  readonly policy: ForecastPolicy;
  /** The columns the model forecasts (an ONNX card's `sensor`); all when absent. */
  readonly sensors?: readonly string[];
  /** Where the card's fields are, for problems found against the data. */
  readonly card?: FieldLocator;
}

/** Rows per day from the median sampling interval of the table. */
export function rowsPerDay(table: SensorTable): number {
  const gaps = table.t
    .slice(1)
    .map((t, i) => t - table.t[i])
    .sort((a, b) => a - b);
  const median = gaps[gaps.length >> 1];
  return Math.max(1, Math.round(86_400 / (median > 0 ? median : 1)));
}

/**
 * The forecaster named by `--model`. Model problems are returned, never thrown; a
 * seasonal-naive model needs the table for its default season (absent: nothing to check yet).
 */
export async function loadMonitorModel(
  name: string,
  season: number | undefined,
  table: SensorTable | undefined,
): Promise<{ readonly model?: MonitorModel; readonly problems: readonly MonitorProblem[] }> {
  if (name === 'reference:ewma')
    return { model: { policy: ewmaForecaster({ window: 30, horizon: 1, alpha: 0.3 }) }, problems: [] };
  if (name === 'reference:seasonal-naive') {
    const rows = season ?? (table ? rowsPerDay(table) : undefined);
    if (rows === undefined) return { problems: [] };
    return { model: { policy: seasonalNaiveForecaster({ season: rows, horizon: 1 }) }, problems: [] };
  }
  try {
    const loaded = await loadModel(name);
    const card = loaded.cardPath
      ? new FieldLocator(displayPath(loaded.cardPath), readFileSync(loaded.cardPath, 'utf8'))
      : new FieldLocator(
          `${displayPath(loaded.onnxPath)}[metadata ${CARD_METADATA_KEY}]`,
          loaded.signature.metadata[CARD_METADATA_KEY] ?? '',
        );
    const policy = await createStreamModelPolicy(loaded);
    if (policy.kind !== 'forecaster') {
      return {
        problems: [card.problem(['kind'], `a ${policy.kind}; the monitor judges a forecaster's error`)],
      };
    }
    return {
      model: { policy, card, ...(loaded.card.sensor ? { sensors: [loaded.card.sensor] } : {}) },
      problems: [],
    };
  } catch (error) {
    if (error instanceof ModelError) return { problems: problemsFromLines(error.problems, name) };
    throw error;
  }
}

/**
 * The model against the data it will forecast: its sensor is a column, the data is longer
 * than its window (and than one season), and reference baselines of this model used its window.
 */
export function checkModelFits(
  model: MonitorModel,
  dataFile: string,
  table: SensorTable,
  reference?: { readonly file: string; readonly value: MonitorReference; readonly locator: FieldLocator },
): MonitorProblem[] {
  const problems: MonitorProblem[] = [];
  const { policy } = model;
  const rows = table.t.length;
  for (const sensor of model.sensors ?? []) {
    if (table.sensors.includes(sensor)) continue;
    const where = reference ? `the reference ${reference.file} and ${dataFile}` : dataFile;
    const message = `${quoteExcerpt(sensor)} is not a column of ${where} (${nameList(table.sensors)})${didYouMean(sensor, table.sensors)}; the model's error is judged on the column of that name`;
    problems.push(
      model.card
        ? model.card.problem(['sensor'], message)
        : { file: dataFile, line: 0, col: 0, path: '', message },
    );
  }
  if (rows <= policy.window) {
    const hint = policy.id.startsWith('reference:seasonal-naive')
      ? ' (pass --season with a shorter season)'
      : '';
    problems.push({
      file: dataFile,
      line: 0,
      col: 0,
      path: '',
      message: `${rows} rows; ${policy.id} forecasts from a window of ${policy.window} readings and needs more rows than that${hint}`,
    });
  }
  reference?.value.sensors.forEach((s, k) => {
    if (s.forecast?.model === policy.id && s.forecast.window !== policy.window) {
      problems.push(
        reference.locator.problem(
          ['sensors', k, 'forecast', 'window'],
          `recorded with window ${s.forecast.window}, but ${policy.id} forecasts from ${policy.window}`,
        ),
      );
    }
  });
  return problems;
}
