// The names of a card against the simulator's feature vocabulary: every feature an input or
// output binds is one the task knows (with the nearest name suggested), bound once, every
// required output bound, series lengths agreeing with window and horizon, normalisation and
// action_bounds naming bound features, every bound action bounded. Needs no ONNX graph, so it
// runs with the schema in the one pass over the card; shapes the schema rejects are skipped.
import { nearestName } from '../../sim/params.js';
import {
  PICK_ACTION_FEATURES,
  PICK_IMAGE_FEATURES,
  PICK_OBSERVATION_FEATURES,
} from '../../sim/pick/features.js';
import { isRecord } from './card-numbers.js';
import type { CardProblems, FieldPath } from './card-problems.js';
import { quote } from './errors.js';

/** Stream models: the input window series, the forecast series, and a detector's score. */
export const STREAM_INPUT_SERIES = ['reading'] as const;
export const STREAM_OUTPUT_SERIES = ['forecast'] as const;
export const STREAM_SCORE_FEATURES = ['anomaly.score'] as const;

/** Keys that mean something on a stream card only. */
const STREAM_KEYS = ['kind', 'window', 'horizon', 'sensor', 'units', 'threshold', 'missing'];

/**
 * The likely intended name: the one name that extends or shortens `name` (item.est_mass →
 * item.est_mass_kg), else the nearest by edit distance.
 */
export function intended(name: string, names: readonly string[]): string | undefined {
  const stems = names.filter((n) => n !== name && (n.startsWith(name) || name.startsWith(n)));
  return stems.length === 1 && name.length >= 3 ? stems[0] : nearestName(name, names);
}

export const suggest = (name: string, names: readonly string[]): string => {
  const hint = intended(name, names);
  return hint ? ` (did you mean ${quote(hint)}?)` : '';
};

interface Vocabulary {
  readonly scalarsIn: readonly string[];
  readonly imagesIn: readonly string[];
  readonly seriesIn: readonly string[];
  readonly scalarsOut: readonly string[];
  readonly seriesOut: readonly string[];
}

function vocabulary(card: Record<string, unknown>): Vocabulary | undefined {
  if (card.task === 'pick') {
    return {
      scalarsIn: PICK_OBSERVATION_FEATURES,
      imagesIn: PICK_IMAGE_FEATURES,
      seriesIn: [],
      scalarsOut: PICK_ACTION_FEATURES,
      seriesOut: [],
    };
  }
  if (card.task !== 'stream' || (card.kind !== 'detector' && card.kind !== 'forecaster')) return undefined;
  return {
    scalarsIn: [],
    imagesIn: [],
    seriesIn: STREAM_INPUT_SERIES,
    scalarsOut: card.kind === 'detector' ? STREAM_SCORE_FEATURES : [],
    seriesOut: card.kind === 'forecaster' ? STREAM_OUTPUT_SERIES : [],
  };
}

type Side = 'inputs' | 'outputs';

class NameCheck {
  /** feature → the card field binding it */
  readonly bound = new Map<string, string>();

  constructor(
    private readonly card: Record<string, unknown>,
    private readonly vocab: Vocabulary,
    private readonly problems: CardProblems,
  ) {}

  private bind(feature: string, path: FieldPath, where: string): void {
    const other = this.bound.get(feature);
    if (other) this.problems.report(path, `feature ${quote(feature)} is already bound by ${other}`);
    else this.bound.set(feature, where);
  }

  private known(feature: string, names: readonly string[], path: FieldPath, kind: string): void {
    if (!names.includes(feature))
      this.problems.report(path, `unknown ${kind} ${quote(feature)}${suggest(feature, names)}`);
  }

  side(side: Side): void {
    const bindings = this.card[side];
    if (!isRecord(bindings)) return;
    const noun = side === 'inputs' ? 'input' : 'output';
    const task = String(this.card.task);
    for (const [name, binding] of Object.entries(bindings)) {
      const path = [side, name];
      const where = `${side}.${name}`;
      if (Array.isArray(binding)) {
        const names = side === 'inputs' ? this.vocab.scalarsIn : this.vocab.scalarsOut;
        binding.forEach((f, i) => {
          if (typeof f !== 'string') return;
          this.known(f, names, [...path, i], `${task} ${noun} feature`);
          this.bind(f, [...path, i], `${where}[${i}]`);
        });
      } else if (isRecord(binding) && typeof binding.image === 'string') {
        const names = side === 'inputs' ? this.vocab.imagesIn : [];
        this.known(binding.image, names, [...path, 'image'], `${task} ${noun} image feature`);
        this.bind(binding.image, [...path, 'image'], where);
      } else if (isRecord(binding) && typeof binding.series === 'string') {
        this.series(side, name, binding);
      }
    }
  }

  private series(side: Side, name: string, binding: Record<string, unknown>): void {
    const path = [side, name];
    const series = binding.series as string;
    const names = side === 'inputs' ? this.vocab.seriesIn : this.vocab.seriesOut;
    this.known(
      series,
      names,
      [...path, 'series'],
      `${this.card.task} ${side === 'inputs' ? 'input' : 'output'} series`,
    );
    const key = side === 'inputs' ? 'window' : 'horizon';
    const expected = this.card[key];
    if (Number.isInteger(expected) && Number.isInteger(binding.length) && binding.length !== expected) {
      this.problems.report(
        [...path, 'length'],
        `${binding.length} readings, but the card's ${key} is ${expected}`,
      );
    }
    this.bind(series, [...path, 'series'], `${side}.${name}`);
  }

  /** Required outputs, and the normalisation and action_bounds tables against what is bound. */
  tables(): void {
    const { card, vocab, bound, problems } = this;
    if (isRecord(card.outputs)) {
      const required = card.task === 'pick' ? vocab.scalarsOut : [...vocab.scalarsOut, ...vocab.seriesOut];
      for (const f of required) {
        if (!bound.has(f)) problems.report(['outputs'], `required output feature ${quote(f)} is not bound`);
      }
    }
    if (card.task === 'stream' && isRecord(card.inputs)) {
      const hasSeries = Object.values(card.inputs).some((b) => isRecord(b) && typeof b.series === 'string');
      if (!hasSeries) {
        problems.report(
          ['inputs'],
          `a stream model needs a series input (series: reading, length: ${valueOrW(card.window)})`,
        );
      }
    }
    if (isRecord(card.normalisation)) {
      for (const f of Object.keys(card.normalisation)) {
        if (!bound.has(f)) {
          problems.report(
            ['normalisation', f],
            `feature ${quote(f)} is not bound by inputs or outputs${suggest(f, [...bound.keys()])}`,
            'key',
          );
        }
      }
    }
    if (isRecord(card.action_bounds)) {
      for (const f of Object.keys(card.action_bounds)) {
        if (!vocab.scalarsOut.includes(f))
          problems.report(
            ['action_bounds', f],
            `${quote(f)} is not an action feature${suggest(f, vocab.scalarsOut)}`,
            'key',
          );
      }
      if (card.task === 'pick') {
        for (const f of vocab.scalarsOut) {
          if (bound.has(f) && !Object.hasOwn(card.action_bounds, f))
            problems.report(['action_bounds'], `no bounds for action feature ${quote(f)}`);
        }
      }
    }
    if (card.task === 'pick') {
      for (const key of STREAM_KEYS) {
        if (Object.hasOwn(card, key))
          problems.report([key], "a stream card key; this card's task is pick", 'key');
      }
    }
  }
}

const valueOrW = (w: unknown): string => (Number.isInteger(w) ? String(w) : 'W');

/** Every name problem of a parsed card, reported by field path. */
export function checkNames(card: unknown, problems: CardProblems): void {
  if (!isRecord(card)) return;
  const vocab = vocabulary(card);
  if (!vocab) return; // an unknown task or kind: the schema says so
  const check = new NameCheck(card, vocab, problems);
  check.side('inputs');
  check.side('outputs');
  check.tables();
}
