// Checks a valid model card against the ONNX graph it binds, as the graph declares it: tensor
// names, element types, ranks, fixed dimensions and the batch dimension. Returns every
// mismatch, each named, with the nearest graph name suggested where one fits. (The card's own
// names, against the feature vocabulary, are checked with the card: card-names.ts.)
import { type InputBinding, isFeatureList, isImage, type ModelCard } from './card.js';
import { suggest } from './card-names.js';
import { quote } from './errors.js';
import { ELEM_TYPE_NAMES, type OnnxSignature, type TensorSignature } from './onnx-reader.js';

export { STREAM_INPUT_SERIES, STREAM_OUTPUT_SERIES, STREAM_SCORE_FEATURES } from './card-names.js';

export const FLOAT32 = 1;

/** Returns a location prefix for a card field path (file:line:col when known). */
export type Locate = (path: readonly (string | number)[]) => string;

/** A tensor shape: a size per dimension, undefined where any size fits (the batch). */
export type Shape = readonly (number | undefined)[];

export const shapeText = (shape: readonly (number | string | undefined)[]): string =>
  `[${shape.map((d) => (typeof d === 'string' ? quote(d).slice(1, -1) : (d ?? '?'))).join(', ')}]`;

/** The shapes a binding implies for its tensor, the preferred first. */
export function impliedShapes(side: 'inputs' | 'outputs', binding: InputBinding): Shape[] {
  if (isFeatureList(binding)) {
    const n = binding.length;
    return side === 'outputs' && n === 1 ? [[undefined, 1], [undefined]] : [[undefined, n]];
  }
  if (isImage(binding)) {
    const { height: h, width: w } = binding;
    return [
      [undefined, 1, h, w],
      [undefined, h, w],
    ];
  }
  return [
    [undefined, binding.length],
    [undefined, binding.length, 1],
  ];
}

function checkShape(t: TensorSignature, candidates: readonly Shape[], what: string): string[] {
  const problems: string[] = [];
  if (t.elemType !== FLOAT32) {
    problems.push(`${what}: element type ${ELEM_TYPE_NAMES[t.elemType] ?? t.elemType}, expected float32`);
  }
  const shape = candidates.find((c) => c.length === t.shape.length);
  if (!shape) {
    const ranks = candidates.map((c) => c.length).join(' or ');
    problems.push(
      `${what}: graph shape ${shapeText(t.shape)} has rank ${t.shape.length}, card implies rank ${ranks}`,
    );
    return problems;
  }
  if (typeof t.shape[0] === 'number') {
    problems.push(
      `${what}: first dimension is fixed at ${t.shape[0]} in graph shape ${shapeText(t.shape)}; a dynamic batch dimension (dim_param) is required`,
    );
  }
  for (let i = 1; i < shape.length; i++) {
    const want = shape[i];
    const got = t.shape[i];
    if (want !== undefined && typeof got === 'number' && got !== want) {
      problems.push(
        `${what}: dimension ${i} is ${got} in graph shape ${shapeText(t.shape)}, card implies ${want}`,
      );
    }
  }
  return problems;
}

function checkSide(
  card: ModelCard,
  sig: OnnxSignature,
  side: 'inputs' | 'outputs',
  locate: Locate,
): string[] {
  const problems: string[] = [];
  const tensors = side === 'inputs' ? sig.inputs : sig.outputs;
  const names = tensors.map((t) => t.name);
  const noun = side === 'inputs' ? 'input' : 'output';
  for (const [name, binding] of Object.entries(card[side])) {
    const what = `${locate([side, name])} ${side}.${name}`;
    const tensor = tensors.find((t) => t.name === name);
    if (!tensor) {
      problems.push(
        `${what}: the graph has no ${noun} ${quote(name)}${suggest(name, names)}; graph ${side}: ${names.map(quote).join(', ')}`,
      );
    } else {
      problems.push(...checkShape(tensor, impliedShapes(side, binding), what));
    }
  }
  if (side === 'inputs') {
    for (const t of tensors) {
      if (!Object.hasOwn(card.inputs, t.name)) {
        problems.push(
          `${locate(['inputs'])} inputs: graph input ${quote(t.name)} ${shapeText(t.shape)} is not bound by the card${suggest(t.name, Object.keys(card.inputs))}`,
        );
      }
    }
  }
  return problems;
}

/** Every mismatch between a valid card and the graph's declared signature; empty when they agree. */
export function checkSignature(card: ModelCard, sig: OnnxSignature, locate: Locate): string[] {
  return [...checkSide(card, sig, 'inputs', locate), ...checkSide(card, sig, 'outputs', locate)];
}
