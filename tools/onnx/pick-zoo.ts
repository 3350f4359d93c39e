// The bundled grasp models: generate the recipe's data, normalise, train the MLP, and emit the
// ONNX bytes with a card binding `obs` to the recipe's observation features and `action` to the
// pick actions. Outputs are sigmoid units the card maps back onto each action's output range
// (its bounds unless the recipe narrows it), so a bundled model is always in bounds.
import type { ModelCard, NormEntry } from '../../policies/onnx/card.js';
import {
  PICK_ACTION_FEATURES,
  type PickActionName,
  type PickObservationName,
} from '../../sim/pick/features.js';
import { buildMlp } from './builders.js';
import { tidy } from './card-file.js';
import { encodeModel } from './onnx-model.js';
import { type DataRecipe, generatePickData } from './pick-data.js';
import { ACTION_BOUNDS } from './pick-teacher.js';
import { trainMlp } from './train-mlp.js';

export interface PickModelRecipe {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly data: DataRecipe;
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly created: string;
  /**
   * Output ranges narrower than the action bounds, where the labels never use the whole bound:
   * the sigmoid then resolves the labelled range finely (transfer acceleration labels lie in
   * 0.3-12 m/s² of bounds 0.2-40). Each range lies inside its action's bounds.
   */
  readonly outputRanges?: Partial<Record<PickActionName, { readonly min: number; readonly max: number }>>;
}

export interface BuiltModel {
  readonly bytes: Uint8Array;
  readonly card: ModelCard;
  readonly finalLoss: number;
}

function inputNormalisation(
  features: readonly PickObservationName[],
  x: readonly number[][],
): Record<string, NormEntry> {
  const out: Record<string, NormEntry> = {};
  features.forEach((f, j) => {
    const col = x.map((row) => row[j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    // A feature constant in the training data (v1 never saw a fragile item) keeps unit scale.
    out[f] = { mean: tidy(mean), std: tidy(sd > 1e-6 ? sd : 1) };
  });
  return out;
}

/** The range each action output's sigmoid maps onto: the recipe's range, else the action's bounds. */
function outputRange(recipe: PickModelRecipe, f: PickActionName): { min: number; max: number } {
  const range = recipe.outputRanges?.[f] ?? ACTION_BOUNDS[f];
  const bounds = ACTION_BOUNDS[f];
  if (range.min < bounds.min || range.max > bounds.max || range.min >= range.max)
    throw new RangeError(
      `${recipe.name}: output range of ${f} must lie inside [${bounds.min}, ${bounds.max}]`,
    );
  return { min: range.min, max: range.max };
}

export function buildPickModel(recipe: PickModelRecipe): BuiltModel {
  const data = generatePickData(recipe.data);
  const features = recipe.data.features;
  const inNorm = inputNormalisation(features, data.x);
  const x = data.x.map((row) =>
    row.map((v, j) => {
      const n = inNorm[features[j]] as { mean: number; std: number };
      return (v - n.mean) / n.std;
    }),
  );
  const ranges = PICK_ACTION_FEATURES.map((f) => outputRange(recipe, f));
  const y = data.y.map((row) => row.map((v, k) => (v - ranges[k].min) / (ranges[k].max - ranges[k].min)));
  const sizes = [features.length, ...recipe.hidden, PICK_ACTION_FEATURES.length];
  const trained = trainMlp(x, y, {
    sizes,
    hidden: 'relu',
    output: 'sigmoid',
    epochs: recipe.epochs,
    batchSize: 32,
    learningRate: 0.003,
    seed: `zoo/${recipe.name}`,
  });
  const normalisation: Record<string, NormEntry> = { ...inNorm };
  PICK_ACTION_FEATURES.forEach((f, k) => {
    normalisation[f] = ranges[k];
  });
  const card: ModelCard = {
    task: 'pick',
    name: recipe.name,
    version: recipe.version,
    description: recipe.description,
    inputs: { obs: [...features] },
    outputs: { action: [...PICK_ACTION_FEATURES] },
    normalisation,
    action_bounds: { ...ACTION_BOUNDS },
    provenance: {
      data: {
        md5: data.md5,
        path: `generated:tools/onnx/pick-data.ts#${recipe.data.name}`,
        rows: data.x.length,
      },
      trainer: `tools/onnx/train-mlp.ts adam mse, layers ${sizes.join('-')}, ${recipe.epochs} epochs, seed zoo/${recipe.name}`,
      created: recipe.created,
    },
  };
  const bytes = encodeModel(
    buildMlp({ name: recipe.name, inputName: 'obs', outputName: 'action', layers: trained.layers }),
  );
  return { bytes, card, finalLoss: trained.losses[trained.losses.length - 1] };
}
