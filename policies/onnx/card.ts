// The model card: its types, and the one validation pass over a card's text (NAME.card.yaml,
// or the JSON in the ONNX metadata key simgate.card) before anything runs: YAML within limits,
// the JSON Schema, every number finite and usable, every name known. Every problem of the card
// at once, each as `file:line:col path: message`.
import { Ajv, type ErrorObject } from 'ajv';
import { MODEL_CARD_SCHEMA } from './card-schema.js';
import { checkNames, suggest } from './card-names.js';
import { checkNumbers, valueText } from './card-numbers.js';
import type { Anchor, CardProblems, FieldPath } from './card-problems.js';
import { readCardText } from './card-yaml.js';
import { ModelError, quote } from './errors.js';

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

// validateSchema: false — the schema is a constant of this module, checked against JSON Schema's
// meta-schema by test/harness/schemas-meta.test.ts; checking it again in every process compiled
// the meta-schema (about 50 ms of CPU per launch).
const validateSchema = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(
  MODEL_CARD_SCHEMA,
);
const PRINTABLE_PATTERN = MODEL_CARD_SCHEMA.properties.name.pattern;

type Schema = { readonly [key: string]: unknown };

/** A schema with the branches (if/then/else, allOf) that may apply to the same value. */
function branches(schema: unknown): Schema[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  const more = [s.then, s.else, ...((s.allOf as unknown[] | undefined) ?? [])].flatMap(branches);
  return [s, ...more];
}

/** Every schema that may describe the value at `path` (for "did you mean" on unknown keys). */
function schemasAt(path: FieldPath): Schema[] {
  let current = branches(MODEL_CARD_SCHEMA);
  for (const seg of path) {
    current = current.flatMap((s) => {
      if (typeof seg === 'number') return branches(s.items);
      const props = s.properties as Schema | undefined;
      if (props && Object.hasOwn(props, seg)) return branches(props[seg]);
      return branches(s.additionalProperties);
    });
  }
  return current;
}

function knownKeys(path: FieldPath): string[] {
  const keys = schemasAt(path).flatMap((s) => Object.keys((s.properties as Schema | undefined) ?? {}));
  return [...new Set(keys)];
}

function ajvPath(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const seg of path)
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

interface Described {
  readonly path: FieldPath;
  readonly anchor: Anchor;
  readonly text: string;
}

/** One schema error as a located message, or undefined when another error says it better. */
function describe(error: ErrorObject, value: unknown): Described | undefined {
  const path = ajvPath(error);
  const p = error.params as Record<string, unknown>;
  const { propertyName } = error as { propertyName?: string };
  if (propertyName !== undefined) {
    const what = error.keyword === 'pattern' ? 'must not contain control characters' : error.message;
    return { path: [...path, propertyName], anchor: 'key', text: `name ${quote(propertyName)} ${what}` };
  }
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined; // the failing branch or name reports the actual problem
    case 'required':
      return { path: [...path, String(p.missingProperty)], anchor: 'value', text: 'required key is missing' };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      return { path: [...path, key], anchor: 'key', text: `unknown key${suggest(key, knownKeys(path))}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const got = valueAt(value, path);
      const near = typeof got === 'string' ? suggest(got, p.allowedValues as string[]) : '';
      return { path, anchor: 'value', text: `must be one of ${allowed.join(', ')}${near}` };
    }
    case 'type':
      return { path, anchor: 'value', text: `must be ${p.type} (got ${valueText(valueAt(value, path))})` };
    case 'pattern':
      return {
        path,
        anchor: 'value',
        text: p.pattern === PRINTABLE_PATTERN ? 'must not contain control characters' : `${error.message}`,
      };
    default:
      return { path, anchor: 'value', text: error.message ?? error.keyword };
  }
}

/** Reports every schema error; whether the value passed the schema. */
function checkSchema(value: unknown, problems: CardProblems): boolean {
  if (validateSchema(value)) return true;
  for (const error of validateSchema.errors ?? []) {
    const d = describe(error, value);
    // A field already reported (a non-finite number, std ≤ 0, an unknown feature) keeps that message.
    if (d && !problems.has(d.path)) problems.report(d.path, d.text, d.anchor);
  }
  return false;
}

export interface CardCheck {
  /** The card, when it has no problem at all. */
  readonly card?: ModelCard;
  /**
   * The card's value when its structure passes the schema, even with other problems (a number
   * out of range, an unknown feature): enough to check it against the graph as well, so a load
   * reports card and graph problems at once. Never run a model on it.
   */
  readonly structure?: ModelCard;
  /** Every problem, `file:line:col path: message`, in file order. */
  readonly problems: readonly string[];
  /** file:line:col of a card field's key, for messages about the card against its graph. */
  readonly locate: (path: FieldPath) => string;
}

/**
 * The one validation pass over a card. `source` names where it came from in messages (a path,
 * or `model.onnx[metadata simgate.card]`).
 */
export function checkCard(text: string, source: string): CardCheck {
  const { problems, value } = readCardText(text, source);
  const locate = (path: FieldPath) => problems.where(path);
  if (value === undefined) return { problems: problems.lines(), locate };
  checkNumbers(value, problems);
  checkNames(value, problems);
  const structured = checkSchema(value, problems);
  const structure = structured ? (value as ModelCard) : undefined;
  if (problems.size > 0) return { structure, problems: problems.lines(), locate };
  return { card: value as ModelCard, structure, problems: [], locate };
}

/** The card, or one ModelError listing every problem of it. */
export function parseCard(text: string, source: string): ModelCard {
  const { card, problems } = checkCard(text, source);
  if (!card) throw ModelError.of(source, 'invalid model card', problems);
  return card;
}
