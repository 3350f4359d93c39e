// The problems of one model card, each as `file:line:col path: message`, positions taken from
// the card's YAML syntax tree. Every check of a card reports here by field path, so a card
// shows all its problems at once, in file order, each field once.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type FieldPath = readonly (string | number)[];

/** Where to point: the field's key (unknown key, min > max) or its value (wrong type). */
export type Anchor = 'key' | 'value';

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || '(card)';
}

interface Found {
  readonly offset: number | undefined;
  /** The field path; undefined for problems of the text itself (syntax, aliases). */
  readonly path: string | undefined;
  readonly message: string;
}

export class CardProblems {
  private readonly found: Found[] = [];
  private readonly paths = new Set<string>();

  constructor(
    readonly source: string,
    private readonly lineCounter: LineCounter,
    private readonly doc?: Document,
    private readonly text?: string,
  ) {}

  get size(): number {
    return this.found.length;
  }

  /** A problem at a text offset (syntax, aliases: no field path), or without position. */
  at(offset: number | undefined, path: FieldPath | undefined, message: string): void {
    const text = path && formatPath(path);
    if (text) this.paths.add(text);
    this.found.push({ offset, path: text, message });
  }

  /** A problem about the field at `path`, placed on its key or its value. */
  report(path: FieldPath, message: string, anchor: Anchor = 'value'): void {
    this.at(this.offsetOf(path, anchor), path, message);
  }

  /** Whether a problem was already reported about exactly this field. */
  has(path: FieldPath): boolean {
    return this.paths.has(formatPath(path));
  }

  /** `file:line:col` of a field (its key by default), for messages that quote other fields. */
  where(path: FieldPath, anchor: Anchor = 'key'): string {
    return this.position(this.offsetOf(path, anchor));
  }

  /** The text of a scalar as written in the card (`1e400`, `.nan`), when there is one. */
  sourceOf(path: FieldPath): string | undefined {
    if (!this.doc || this.text === undefined) return undefined;
    const node = resolved(this.doc, nodeAt(this.doc, path)) as Node | undefined;
    if (!isScalar(node) || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]).trim();
  }

  /** Every problem as `file:line:col path: message`, in file order. */
  lines(): string[] {
    return this.found
      .map((f, i) => ({ ...f, i }))
      .sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity) || a.i - b.i)
      .map((f) => `${this.position(f.offset)} ${f.path === undefined ? '' : `${f.path}: `}${f.message}`);
  }

  private position(offset: number | undefined): string {
    if (offset === undefined) return this.source;
    const { line, col } = this.lineCounter.linePos(offset);
    return `${this.source}:${line}:${col}`;
  }

  /** Offset of the deepest node on `path` that exists. */
  private offsetOf(path: FieldPath, anchor: Anchor): number | undefined {
    const doc = this.doc;
    if (!doc) return undefined;
    let best = doc.contents?.range?.[0] ?? 0; // an empty card still has a first line
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      if (anchor === 'key' && n === path.length && n > 0) {
        const parent = resolved(doc, nodeAt(doc, path.slice(0, -1)));
        if (isMap(parent)) {
          const pair = parent.items.find(
            (p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]),
          );
          const key = pair?.key as Node | undefined;
          if (key?.range) return key.range[0];
        }
      }
      const node = nodeAt(doc, prefix);
      if (node?.range) {
        best = node.range[0];
        break;
      }
    }
    return best;
  }
}

/** The node at a field path (aliases on the way followed), or undefined. */
export function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    node = resolved(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

export function resolved(doc: Document, node: unknown): unknown {
  let n = node;
  for (let hops = 0; isAlias(n) && hops < 20; hops++) n = n.resolve(doc);
  return n;
}
