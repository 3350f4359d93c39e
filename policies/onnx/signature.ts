// Checks a model card against the ONNX graph it binds (tensor names, element types, ranks,
// fixed dimensions, the batch dimension) and against the simulator's feature vocabulary.
// Returns every mismatch, each named, with a nearest-name suggestion where one fits.
import { nearestName } from '../../sim/params.js';
import {
  PICK_ACTION_FEATURES,
  PICK_IMAGE_FEATURES,
  PICK_OBSERVATION_FEATURES,
} from '../../sim/pick/features.js';
import { type InputBinding, isFeatureList, isImage, isSeries, type ModelCard } from './card.js';
import { ELEM_TYPE_NAMES, type OnnxSignature, type TensorSignature } from './onnx-reader.js';

/** Stream models: the input window series, the forecast series, and a detector's score. */
export const STREAM_INPUT_SERIES = ['reading'] as const;
export const STREAM_OUTPUT_SERIES = ['forecast'] as const;
export const STREAM_SCORE_FEATURES = ['anomaly.score'] as const;

const FLOAT32 = 1;

/** Returns a location prefix for a card field path (file:line:col when known). */
export type Locate = (path: readonly (string | number)[]) => string;

const suggest = (name: string, names: readonly string[]): string => {
  const hint = nearestName(name, names);
  return hint ? ` (did you mean "${hint}"?)` : '';
};

const shapeText = (t: TensorSignature): string => `[${t.shape.map((d) => d ?? '?').join(', ')}]`;

function checkShape(
  t: TensorSignature,
  expected: readonly (number | undefined)[],
  alternatives: readonly (readonly (number | undefined)[])[],
  what: string,
): string[] {
  const problems: string[] = [];
  if (t.elemType !== FLOAT32) {
    problems.push(`${what}: element type ${ELEM_TYPE_NAMES[t.elemType] ?? t.elemType}, expected float32`);
  }
  const candidates = [expected, ...alternatives];
  const shape = candidates.find((c) => c.length === t.shape.length);
  if (!shape) {
    const ranks = candidates.map((c) => c.length).join(' or ');
    problems.push(
      `${what}: graph shape ${shapeText(t)} has rank ${t.shape.length}, card implies rank ${ranks}`,
    );
    return problems;
  }
  if (typeof t.shape[0] === 'number') {
    problems.push(
      `${what}: first dimension is fixed at ${t.shape[0]} in graph shape ${shapeText(t)}; a dynamic batch dimension (dim_param) is required`,
    );
  }
  for (let i = 1; i < shape.length; i++) {
    const want = shape[i];
    const got = t.shape[i];
    if (want !== undefined && typeof got === 'number' && got !== want) {
      problems.push(`${what}: dimension ${i} is ${got} in graph shape ${shapeText(t)}, card implies ${want}`);
    }
  }
  return problems;
}

function vocabulary(card: ModelCard) {
  if (card.task === 'pick') {
    return {
      scalarsIn: PICK_OBSERVATION_FEATURES as readonly string[],
      imagesIn: PICK_IMAGE_FEATURES as readonly string[],
      seriesIn: [] as readonly string[],
      scalarsOut: PICK_ACTION_FEATURES as readonly string[],
      seriesOut: [] as readonly string[],
    };
  }
  return {
    scalarsIn: [] as readonly string[],
    imagesIn: [] as readonly string[],
    seriesIn: STREAM_INPUT_SERIES as readonly string[],
    scalarsOut: (card.kind === 'detector' ? STREAM_SCORE_FEATURES : []) as readonly string[],
    seriesOut: (card.kind === 'forecaster' ? STREAM_OUTPUT_SERIES : []) as readonly string[],
  };
}

type Side = 'inputs' | 'outputs';

/** One check run: collects problems and which tensor position binds each feature. */
class SignatureCheck {
  readonly problems: string[] = [];
  /** feature → the card position binding it */
  readonly bound = new Map<string, string>();
  private readonly vocab: ReturnType<typeof vocabulary>;

  constructor(
    private readonly card: ModelCard,
    private readonly sig: OnnxSignature,
    private readonly locate: Locate,
  ) {
    this.vocab = vocabulary(card);
  }

  private bind(feature: string, where: string, path: readonly (string | number)[]): void {
    const other = this.bound.get(feature);
    if (other)
      this.problems.push(`${this.locate(path)} ${where}: feature "${feature}" is already bound by ${other}`);
    else this.bound.set(feature, where);
  }

  private known(feature: string, names: readonly string[], what: string, kind: string): void {
    if (!names.includes(feature))
      this.problems.push(`${what}: unknown ${kind} "${feature}"${suggest(feature, names)}`);
  }

  /** Every binding of one side against its graph tensor, then graph tensors the card leaves unbound. */
  side(side: Side): void {
    const tensors = side === 'inputs' ? this.sig.inputs : this.sig.outputs;
    const names = tensors.map((t) => t.name);
    const noun = side === 'inputs' ? 'input' : 'output';
    for (const [name, binding] of Object.entries(this.card[side])) {
      const path = [side, name];
      const what = `${this.locate(path)} ${side}.${name}`;
      const tensor = tensors.find((t) => t.name === name);
      if (!tensor) {
        this.problems.push(
          `${what}: the graph has no ${noun} "${name}"${suggest(name, names)}; graph ${side}: ${names.join(', ')}`,
        );
      }
      const shapes = this.binding(side, name, binding, what);
      if (tensor) this.problems.push(...checkShape(tensor, shapes[0], shapes.slice(1), what));
    }
    if (side === 'inputs') {
      for (const t of tensors) {
        if (!(t.name in this.card.inputs)) {
          this.problems.push(
            `${this.locate(['inputs'])} inputs: graph input "${t.name}" ${shapeText(t)} is not bound by the card${suggest(t.name, Object.keys(this.card.inputs))}`,
          );
        }
      }
    }
  }

  /** Checks one binding's feature names; returns the graph shapes it implies (first preferred). */
  private binding(side: Side, name: string, binding: InputBinding, what: string): (number | undefined)[][] {
    const path = [side, name];
    const noun = side === 'inputs' ? 'input' : 'output';
    if (isFeatureList(binding)) {
      const names = side === 'inputs' ? this.vocab.scalarsIn : this.vocab.scalarsOut;
      binding.forEach((f, i) => {
        const where = `${side}.${name}[${i}]`;
        this.known(f, names, `${this.locate([...path, i])} ${where}`, `${this.card.task} ${noun} feature`);
        this.bind(f, where, [...path, i]);
      });
      const n = binding.length;
      return side === 'outputs' && n === 1 ? [[undefined, 1], [undefined]] : [[undefined, n]];
    }
    if (isImage(binding)) {
      this.known(binding.image, this.vocab.imagesIn, `${what}.image`, 'image feature');
      this.bind(binding.image, `${side}.${name}`, path);
      const { height: h, width: w } = binding;
      return [
        [undefined, 1, h, w],
        [undefined, h, w],
      ];
    }
    const series = side === 'inputs' ? this.vocab.seriesIn : this.vocab.seriesOut;
    this.known(binding.series, series, `${what}.series`, `${noun} series`);
    const expected = side === 'inputs' ? this.card.window : this.card.horizon;
    const key = side === 'inputs' ? 'window' : 'horizon';
    if (expected !== undefined && binding.length !== expected) {
      this.problems.push(`${what}.length: ${binding.length} readings, but the card's ${key} is ${expected}`);
    }
    this.bind(binding.series, `${side}.${name}`, path);
    return [
      [undefined, binding.length],
      [undefined, binding.length, 1],
    ];
  }

  /** Required outputs, and the normalisation and action_bounds tables against what is bound. */
  tables(): void {
    const { card, vocab, locate, bound, problems } = this;
    const required = card.task === 'pick' ? vocab.scalarsOut : [...vocab.scalarsOut, ...vocab.seriesOut];
    for (const f of required) {
      if (!bound.has(f))
        problems.push(`${locate(['outputs'])} outputs: required output feature "${f}" is not bound`);
    }
    if (card.task === 'stream' && !Object.values(card.inputs).some(isSeries)) {
      problems.push(
        `${locate(['inputs'])} inputs: a stream model needs a series input (series: reading, length: ${card.window})`,
      );
    }
    for (const f of Object.keys(card.normalisation ?? {})) {
      if (!bound.has(f)) {
        problems.push(
          `${locate(['normalisation', f])} normalisation.${f}: feature is not bound by inputs or outputs${suggest(f, [...bound.keys()])}`,
        );
      }
    }
    for (const [f, b] of Object.entries(card.action_bounds ?? {})) {
      const where = `${locate(['action_bounds', f])} action_bounds.${f}`;
      if (!vocab.scalarsOut.includes(f))
        problems.push(`${where}: not an action feature${suggest(f, vocab.scalarsOut)}`);
      if (b.min > b.max) problems.push(`${where}: min ${b.min} > max ${b.max}`);
    }
    if (card.task === 'pick') {
      for (const f of vocab.scalarsOut) {
        if (bound.has(f) && !card.action_bounds?.[f])
          problems.push(`${locate(['action_bounds'])} action_bounds: no bounds for action feature "${f}"`);
      }
    }
  }
}

/** Every mismatch between card, graph and feature vocabulary; empty when they agree. */
export function checkSignature(card: ModelCard, sig: OnnxSignature, locate: Locate): string[] {
  const check = new SignatureCheck(card, sig, locate);
  check.side('inputs');
  check.side('outputs');
  check.tables();
  return check.problems;
}
