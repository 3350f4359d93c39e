// Hand-built scenarios and models for the pure plan and shard properties.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { ModelRef } from '../../../harness/sweep/plan.js';
import type { Scenario } from '../../../scenarios/types.js';

export const FC = { seed: 20240611, numRuns: 60 };

export function scenario(id: string, samples: number, task: 'pick' | 'stream' = 'pick', seed = 1): Scenario {
  return {
    id,
    title: id,
    task,
    file: `/suite/${id}.yaml`,
    sha256: createHash('sha256').update(`scenario ${id}`).digest('hex'),
    requirements: [],
    tags: [`odd:${task}`],
    samples,
    seed,
    params: task === 'pick' ? { 'items.count': { kind: 'int', min: 1, max: 8 } } : {},
    ...(task === 'pick' ? { duration_s: 10 } : { horizon_h: 1 }),
    invariants: [],
    kpi_criteria: [],
    faults: [],
  };
}

export const pair: ModelRef[] = [
  {
    role: 'candidate',
    kind: 'onnx',
    task: 'pick',
    path: '/m/c.onnx',
    sha256: 'c'.repeat(64),
    cardSha256: 'c0'.repeat(32),
  },
  {
    role: 'baseline',
    kind: 'onnx',
    task: 'pick',
    path: '/m/b.onnx',
    sha256: 'b'.repeat(64),
    cardSha256: 'b0'.repeat(32),
  },
];

export const suiteArb = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 5 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, samples]) => ids.map((id, i) => scenario(id, samples[i])));
