// Real ONNX files for the hostile corpus, built by the project's own writer: small pick MLPs
// whose declared signature can be made to differ from what the graph computes, and models
// that carry their card (good or bad) in metadata_props.
import { CARD_METADATA_KEY } from '../../../../policies/onnx/card.js';
import { buildMlp, type DenseLayer } from '../../../../tools/onnx/builders.js';
import {
  encodeModel,
  type OnnxModel,
  type OnnxNode,
  type ValueInfo,
} from '../../../../tools/onnx/onnx-model.js';

/** A constant layer: every row answers `bias`, whatever the input. */
export function constantLayer(inSize: number, bias: readonly number[]): DenseLayer {
  return {
    inSize,
    outSize: bias.length,
    weights: new Float32Array(inSize * bias.length),
    bias,
    activation: 'none',
  };
}

/** A nominal pick action: dx, dy, approach, transfer speed, transfer accel, confidence. */
export const NOMINAL_ACTION = [0, 0, 0.3, 1, 4, 0.9];

export function pickMlp(
  opts: {
    inputName?: string;
    outputName?: string;
    inSize?: number;
    action?: readonly number[];
    metadata?: Record<string, string>;
  } = {},
): OnnxModel {
  return buildMlp({
    name: 'corpus',
    inputName: opts.inputName ?? 'obs',
    outputName: opts.outputName ?? 'action',
    layers: [constantLayer(opts.inSize ?? 12, opts.action ?? NOMINAL_ACTION)],
    metadata: opts.metadata,
  });
}

/** A pick model carrying `cardText` in metadata_props (no card file beside it). */
export const embeddedCard = (cardText: string) => (): Uint8Array =>
  encodeModel(pickMlp({ metadata: { [CARD_METADATA_KEY]: cardText } }));

/**
 * The graph of `model` with extra nodes after its last one (the old output renamed to `pre`),
 * and the outputs it declares replaced: what it computes and what it says may then differ.
 */
export function withTail(
  model: OnnxModel,
  tail: readonly OnnxNode[],
  outputs: readonly ValueInfo[],
  initializers: OnnxModel['graph']['initializers'] = [],
): OnnxModel {
  const last = model.graph.outputs[0].name;
  return {
    ...model,
    graph: {
      ...model.graph,
      nodes: [
        ...model.graph.nodes.map((n) => ({ ...n, outputs: n.outputs.map((o) => (o === last ? 'pre' : o)) })),
        ...tail,
      ],
      initializers: [...model.graph.initializers, ...initializers],
      outputs,
    },
  };
}

/** A model whose graph declares `declared` for its output but computes a different shape. */
export function declares(model: OnnxModel, declared: readonly (number | string)[]): OnnxModel {
  return {
    ...model,
    graph: { ...model.graph, outputs: [{ name: model.graph.outputs[0].name, shape: declared }] },
  };
}

export const bytes = (model: () => OnnxModel) => (): Uint8Array => encodeModel(model());
