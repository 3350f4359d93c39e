// episode-spec: a scenario sample resolves to exactly the episode the sweep plan holds for it
// (checked against planSweep over the whole bundled library), and the replay command and the
// --fault / --invariant flag parsers say what they mean.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  episodeFromScenario,
  episodeOfScenario,
  paramsWithOverrides,
  parseFaultFlag,
  parseInvariantFlag,
  replayCommand,
} from '../../../harness/episode/spec.js';
import { planSweep } from '../../../harness/sweep/plan.js';
import { loadSuite } from '../../../scenarios/load.js';
import { repoRoot } from '../../helpers/cli.js';

const library = loadSuite([join(repoRoot, 'scenarios/library')]).scenarios;

describe('episodeOfScenario', () => {
  it('matches the sweep plan for every library scenario, sample and suite seed', () => {
    expect(library.length).toBeGreaterThan(10);
    for (const suiteSeed of [0, 1, 977]) {
      const plan = planSweep({
        scenarios: library,
        models: [{ role: 'reference', kind: 'reference' }],
        suiteSeed,
        samples: 4,
      });
      for (const planned of plan.episodes) {
        const scenario = library.find((s) => s.id === planned.scenario_id)!;
        const episode = episodeOfScenario(scenario, planned.sample, suiteSeed, 4);
        expect(episode.task).toBe(planned.task);
        expect(episode.seed).toBe(planned.seed);
        // Key order too: the pick trace writes params in this order.
        expect(JSON.stringify(episode.params)).toBe(JSON.stringify(planned.params));
        expect(episode.invariants).toEqual(planned.invariants);
        expect(episode.faults).toEqual(planned.faults);
        expect(episode.horizon_h).toBe(planned.horizon_h);
      }
    }
  });

  it('keeps the scenario file as given and refuses samples outside the sweep', () => {
    const file = 'scenarios/library/pick/nominal.yaml';
    const episode = episodeFromScenario(join(repoRoot, file), 3, 1);
    expect(episode.source).toMatchObject({ scenario_id: 'pick-nominal', sample: 3, suite_seed: 1 });
    const nominal = library.find((s) => s.id === 'pick-nominal')!;
    expect(() => episodeOfScenario(nominal, nominal.samples, 0)).toThrow(/out of range/);
    expect(() => episodeOfScenario(nominal, nominal.samples, 0, nominal.samples + 1)).not.toThrow();
    expect(() => episodeOfScenario(nominal, -1, 0)).toThrow(/out of range/);
  });

  it('--set overrides on top of the draw, checked against the registry', () => {
    const nominal = library.find((s) => s.id === 'pick-nominal')!;
    const base = episodeOfScenario(nominal, 0, 0).params;
    expect(paramsWithOverrides('pick', {}, base)).toBe(base);
    const set = paramsWithOverrides('pick', { 'gripper.vacuum_kpa': 40 }, base);
    expect(set['gripper.vacuum_kpa']).toBe(40);
    expect(set['items.mass_kg']).toBe(base['items.mass_kg']);
    expect(() => paramsWithOverrides('pick', { 'gripper.vacum_kpa': 40 }, base)).toThrow(
      /did you mean "gripper.vacuum_kpa"/,
    );
  });
});

describe('replayCommand', () => {
  it('prints the one-line replay of a planned episode', () => {
    expect(
      replayCommand({
        file: 'scenarios/library/pick/nominal.yaml',
        sample: 3,
        suiteSeed: 1,
        model: 'models/pick-v2.onnx',
        trace: 'replay.jsonl',
      }),
    ).toBe(
      'simgate episode --scenario scenarios/library/pick/nominal.yaml --sample 3 --suite-seed 1 --model models/pick-v2.onnx --trace replay.jsonl',
    );
    expect(
      replayCommand({ file: 'my scenarios/a.yaml', sample: 0, suiteSeed: 0, samples: 20, maxSteps: 5000 }),
    ).toBe(
      "simgate episode --scenario 'my scenarios/a.yaml' --sample 0 --suite-seed 0 --policy reference --samples 20 --max-steps 5000",
    );
  });
});

describe('flag parsers', () => {
  it('reads a fault in JSON or kind:key=value form, checked like a scenario entry', () => {
    expect(parseFaultFlag('spike:start_h=1,magnitude=8')).toEqual({
      kind: 'spike',
      start_h: 1,
      magnitude: 8,
    });
    expect(parseFaultFlag('drift:shape=exponential,magnitude=2')).toEqual({
      kind: 'drift',
      shape: 'exponential',
      magnitude: 2,
    });
    expect(parseFaultFlag('{"kind":"nan","probability":0.5}')).toEqual({ kind: 'nan', probability: 0.5 });
    expect(() => parseFaultFlag('spike:start_h=2,end_h=1,magnitude=1')).toThrow(
      /end_h: 1 must be after start_h 2/,
    );
    expect(() => parseFaultFlag('step:magnitude')).toThrow(/expected key=value/);
    expect(() => parseFaultFlag('[1]')).toThrow(/kind: must be one of/);
  });

  it('reads an invariant of the task with its limit', () => {
    expect(parseInvariantFlag('stream', 'max_abs_error=4')).toEqual({ name: 'max_abs_error', limit: 4 });
    expect(parseInvariantFlag('stream', 'no_nan_forecast')).toEqual({ name: 'no_nan_forecast' });
    expect(() => parseInvariantFlag('stream', 'max_abs_error')).toThrow(/needs a limit/);
    expect(() => parseInvariantFlag('stream', 'no_crush')).toThrow(/unknown stream invariant "no_crush"/);
    expect(() => parseInvariantFlag('pick', 'no_nan_forecast=1')).toThrow(/unknown pick invariant/);
  });
});
