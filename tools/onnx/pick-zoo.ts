// The bundled grasp models: generate the recipe's data, normalise, train the MLP, and emit the
// ONNX bytes with a card binding `obs` and `action` to the pick features. Outputs are sigmoid
// units the card maps back onto each action's bounds, so a bundled model is always in bounds.
import type { ModelCard, NormEntry } from '../../policies/onnx/card.js';
import { PICK_ACTION_FEATURES, PICK_OBSERVATION_FEATURES } from '../../sim/pick/features.js';
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
}

export interface BuiltModel {
  readonly bytes: Uint8Array;
  readonly card: ModelCard;
  readonly finalLoss: number;
}

function inputNormalisation(x: readonly number[][]): Record<string, NormEntry> {
  const out: Record<string, NormEntry> = {};
  PICK_OBSERVATION_FEATURES.forEach((f, j) => {
    const col = x.map((row) => row[j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    // A feature constant in the training data (v1 never saw a fragile item) keeps unit scale.
    out[f] = { mean: tidy(mean), std: tidy(sd > 1e-6 ? sd : 1) };
  });
  return out;
}

export function buildPickModel(recipe: PickModelRecipe): BuiltModel {
  const data = generatePickData(recipe.data);
  const inNorm = inputNormalisation(data.x);
  const x = data.x.map((row) =>
    row.map((v, j) => {
      const n = inNorm[PICK_OBSERVATION_FEATURES[j]] as { mean: number; std: number };
      return (v - n.mean) / n.std;
    }),
  );
  const y = data.y.map((row) =>
    row.map((v, k) => {
      const b = ACTION_BOUNDS[PICK_ACTION_FEATURES[k]];
      return (v - b.min) / (b.max - b.min);
    }),
  );
  const sizes = [PICK_OBSERVATION_FEATURES.length, ...recipe.hidden, PICK_ACTION_FEATURES.length];
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
  for (const f of PICK_ACTION_FEATURES) normalisation[f] = { ...ACTION_BOUNDS[f] };
  const card: ModelCard = {
    task: 'pick',
    name: recipe.name,
    version: recipe.version,
    description: recipe.description,
    inputs: { obs: [...PICK_OBSERVATION_FEATURES] },
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
