// `npm run models`: regenerates every model the project ships or tests with — the bundled
// grasp models (models/pick-v1, models/pick-v2 with cards), the fixture models under
// test/fixtures/models/, and the published card schema. Seeded: byte-identical on rerun.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_CARD_SCHEMA } from '../../policies/onnx/card-schema.js';
import { cardYaml, formatJson, writeModelFiles } from './card-file.js';
import { buildFixtures } from './fixtures.js';
import { PICK_V1_DATA, PICK_V2_DATA } from './pick-data.js';
import { buildPickModel, type PickModelRecipe } from './pick-zoo.js';
import { buildStreamZoo } from './stream-zoo.js';
import { buildPlantedModel, PLANTED_SEEDS, plantedRegion } from './planted.js';

export const PICK_V1: PickModelRecipe = {
  name: 'pick-v1',
  version: '1.0.0',
  description: 'Production grasp model: trained on a small set of light, sealed, sturdy items.',
  data: PICK_V1_DATA,
  hidden: [16],
  epochs: 150,
  created: '2025-03-01',
};

export const PICK_V2: PickModelRecipe = {
  name: 'pick-v2',
  version: '2.1.0',
  description:
    'Candidate grasp model: retrained on more and harder data (heavy, porous, fragile, partly hidden items, weak vacuum, 20-60 mm cups) labelled with the fastest physically safe action; observes the fitted cup diameter.',
  data: PICK_V2_DATA,
  hidden: [32, 32],
  epochs: 40,
  created: '2025-07-01',
  outputRanges: {
    'approach.speed_mps': { min: 0.01, max: 0.6 },
    // Labels stop at the gantry's 12 m/s²; a little headroom keeps them off the sigmoid's tail
    // (the cell clamps any command to the gantry's limit).
    'transfer.accel_mps2': { min: 0.2, max: 14 },
  },
};

/** The repository root: the nearest folder above this module holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above tools/onnx');
    dir = up;
  }
  return dir;
}

export function buildZoo(root: string, log: (line: string) => void = () => undefined): void {
  const generator = 'tools/onnx/build-zoo.ts';
  mkdirSync(join(root, 'schemas'), { recursive: true });
  writeFileSync(join(root, 'schemas/model-card.schema.json'), `${formatJson(MODEL_CARD_SCHEMA)}\n`);
  let v1Bytes: Uint8Array | undefined;
  for (const recipe of [PICK_V1, PICK_V2]) {
    const built = buildPickModel(recipe);
    const path = join(root, 'models', `${recipe.name}.onnx`);
    writeModelFiles(path, built.bytes, built.card, generator);
    v1Bytes ??= built.bytes;
    log(
      `${relative(root, path)}: ${built.bytes.length} bytes, ${built.card.provenance.data?.rows} rows, final mse ${built.finalLoss.toFixed(5)}`,
    );
  }
  const fixtureDir = join(root, 'test/fixtures/models');
  for (const fixture of buildFixtures(v1Bytes!)) {
    const path = join(fixtureDir, fixture.file);
    writeModelFiles(path, fixture.bytes, fixture.card, generator);
    if (fixture.cardText !== undefined)
      writeFileSync(path.replace(/\.onnx$/, '.card.yaml'), fixture.cardText);
    log(`${relative(root, path)}: ${fixture.bytes.length} bytes`);
  }
  buildStreamZoo(root, log);
  buildPlantedFamily(join(fixtureDir, 'planted'), generator, log);
}

/** The planted-flaw family: ten flawed models, their clean twins, and where each flaw lies. */
export function buildPlantedFamily(
  dir: string,
  generator: string,
  log: (line: string) => void = () => {},
): void {
  const regions = PLANTED_SEEDS.map(plantedRegion);
  for (const region of regions) {
    for (const mode of ['flaw', 'twin'] as const) {
      const built = buildPlantedModel(region, mode);
      writeModelFiles(join(dir, `${mode}-${region.seed}.onnx`), built.bytes, built.card, generator);
    }
  }
  const base = buildPlantedModel(regions[0], 'base');
  writeModelFiles(join(dir, 'base.onnx'), base.bytes, base.card, generator);
  writeFileSync(join(dir, 'regions.json'), `${formatJson(regions)}\n`);
  log(`${dir}: ${regions.length} planted flaws and their twins`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildZoo(repoRoot(), (line) => process.stdout.write(`${line}\n`));
}

export { cardYaml };
