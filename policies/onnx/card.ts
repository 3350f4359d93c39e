// The model card: its types, and parsing from YAML (NAME.card.yaml) or JSON (ONNX metadata
// key simgate.card) with schema validation. Every problem carries file:line:col and the field
// path, all problems of a card at once.
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { nearestName } from '../../sim/params.js';
import { MODEL_CARD_SCHEMA } from './card-schema.js';
import { ModelError } from './errors.js';

export type FeatureBinding = readonly string[];
export interface ImageBinding {
  readonly image: string;
  readonly height: number;
  readonly width: number;
}
export interface SeriesBinding {
  readonly series: string;
  readonly length: number;
}
export type InputBinding = FeatureBinding | ImageBinding | SeriesBinding;
export type OutputBinding = FeatureBinding | SeriesBinding;

/** Stream front end for missing (non-finite) readings; see MODEL_CARD_SCHEMA `missing`. */
export type MissingStrategy = 'hold_last' | 'none';

export type NormEntry =
  | { readonly mean: number; readonly std: number }
  | { readonly min: number; readonly max: number };

export interface ModelCard {
  readonly task: 'pick' | 'stream';
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly inputs: Readonly<Record<string, InputBinding>>;
  readonly outputs: Readonly<Record<string, OutputBinding>>;
  readonly normalisation?: Readonly<Record<string, NormEntry>>;
  readonly action_bounds?: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  readonly kind?: 'forecaster' | 'detector';
  readonly window?: number;
  readonly horizon?: number;
  readonly sensor?: string;
  readonly units?: string;
  readonly threshold?: number;
  /** Stream: how the front end treats missing readings before inference (absent = none). */
  readonly missing?: { readonly strategy: MissingStrategy };
  readonly provenance: {
    readonly data?: { readonly md5?: string; readonly path?: string; readonly rows?: number };
    readonly commit?: string;
    readonly created: string;
    readonly trainer?: string;
    readonly [key: string]: unknown;
  };
}

export const CARD_METADATA_KEY = 'simgate.card';

export const isFeatureList = (b: InputBinding | OutputBinding): b is FeatureBinding => Array.isArray(b);
export const isImage = (b: InputBinding | OutputBinding): b is ImageBinding =>
  !Array.isArray(b) && 'image' in b;
export const isSeries = (b: InputBinding | OutputBinding): b is SeriesBinding =>
  !Array.isArray(b) && 'series' in b;

const validateCard = new Ajv({ allErrors: true, strict: false }).compile(MODEL_CARD_SCHEMA);

const pathText = (path: readonly (string | number)[]): string =>
  path.length === 0 ? '(card)' : path.map((p) => String(p)).join('.');

function ajvPath(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Property names the schema allows at a path (for "did you mean" on unknown keys). */
function knownKeys(path: readonly (string | number)[]): string[] {
  if (path.length === 0) return Object.keys(MODEL_CARD_SCHEMA.properties);
  if (path.length === 1 && path[0] === 'provenance')
    return Object.keys(MODEL_CARD_SCHEMA.properties.provenance.properties);
  return [];
}

function describe(
  error: ErrorObject,
): { path: (string | number)[]; keyOf?: string; text: string } | undefined {
  const path = ajvPath(error);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` branch reports the actual problem
    case 'required':
      return { path, text: `${pathText([...path, String(p.missingProperty)])}: required key is missing` };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const hint = nearestName(key, knownKeys(path));
      return {
        path,
        keyOf: key,
        text: `${pathText([...path, key])}: unknown key${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    }
    case 'enum':
      return {
        path,
        text: `${pathText(path)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { path, text: `${pathText(path)}: ${error.message ?? error.keyword}` };
  }
}

/** The node at `path`, or the nearest ancestor that exists. */
function nodeAt(doc: ReturnType<typeof parseDocument>, path: readonly (string | number)[], keyOf?: string) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (!node) continue;
    if (keyOf !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === keyOf);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key;
    }
    return node;
  }
  return doc.contents ?? undefined;
}

/**
 * Parses and validates a card. `source` names where it came from in messages (a path, or
 * `model.onnx[metadata simgate.card]`). Throws one ModelError listing every problem.
 */
export function parseCard(textIn: string, source: string): ModelCard {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return source;
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  const problems: string[] = [];
  for (const e of doc.errors) problems.push(`${at(e.pos[0])} ${e.message.split('\n')[0]}`);
  if (problems.length > 0) throw ModelError.of(source, 'model card is not valid YAML', problems);
  const value: unknown = doc.toJS();
  if (!validateCard(value)) {
    const seen = new Set<string>();
    for (const error of validateCard.errors ?? []) {
      const d = describe(error);
      if (!d) continue;
      const node = nodeAt(doc, d.path, d.keyOf);
      const line = `${at(node?.range?.[0])} ${d.text}`;
      if (!seen.has(line)) problems.push(line);
      seen.add(line);
    }
    throw ModelError.of(source, 'invalid model card', problems);
  }
  return value as unknown as ModelCard;
}

/** Position of a card field for signature-check messages (file:line:col), when the card is YAML. */
export function cardFieldLocator(
  textIn: string,
  source: string,
): (path: readonly (string | number)[]) => string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter });
  return (path) => {
    // A map key's own position reads better than its value's (`inputs.obs:` rather than the list).
    const last = path[path.length - 1];
    const node = typeof last === 'string' ? nodeAt(doc, path.slice(0, -1), last) : nodeAt(doc, path);
    if (!node?.range) return source;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return `${source}:${line}:${col}`;
  };
}
