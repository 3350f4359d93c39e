// Scenario load problems: where they are (file, line, column, field path) and the typed error
// that carries all of them. Positions come from the YAML syntax tree of the file.
import { relative } from 'node:path';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface ScenarioProblem {
  /** The file, relative to the working directory when the problem was found. */
  readonly file: string;
  /** 1-based; 0 when the problem has no position (a path that matched no file). */
  readonly line: number;
  readonly col: number;
  /** Field path such as `params.items.mass_kg.uniform` or `invariants[2].limit`; '' for the file. */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(p: ScenarioProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : `${p.file}:`;
  return `${where} ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Every problem found in a scenario suite, all files at once. */
export class ScenarioError extends Error {
  readonly code = 'SIMGATE_SCENARIO';
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Where to point: the field's key (unknown field, min > max) or its value (wrong type). */
export type Anchor = 'key' | 'value';

/** Anything that takes problems by field path. */
export interface Reporter {
  report(path: readonly PathSegment[], message: string, anchor?: Anchor): void;
}

/** Collects problems of one file, turning field paths into line:col through the syntax tree. */
export class ProblemSink implements Reporter {
  private readonly found: ScenarioProblem[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc?: Document,
  ) {}

  at(offset: number, path: string, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.found.push({ file: this.file, line, col, path, message });
  }

  /** The problems in file order (line, then column). */
  get problems(): readonly ScenarioProblem[] {
    return [...this.found].sort((a, b) => a.line - b.line || a.col - b.col);
  }

  report(path: readonly PathSegment[], message: string, anchor: Anchor = 'value'): void {
    this.at(this.offsetOf(path, anchor), formatPath(path), message);
  }

  /** Offset of the deepest node on `path` that exists (aliases followed). */
  private offsetOf(path: readonly PathSegment[], anchor: Anchor): number {
    let node: unknown = this.doc?.contents;
    let best = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      node = this.resolve(node);
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return best;
        const keyStart = rangeStart(pair.key);
        if (last && anchor === 'key' && keyStart !== undefined) return keyStart;
        node = pair.value;
        best = rangeStart(node) ?? keyStart ?? best;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        best = rangeStart(node) ?? best;
      } else {
        return best;
      }
    }
    return best;
  }

  private resolve(node: unknown): unknown {
    let n = node;
    for (let hops = 0; isAlias(n) && this.doc && hops < 20; hops++) n = n.resolve(this.doc);
    return n;
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
