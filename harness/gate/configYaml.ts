// Reads the text of simgate.config.yaml into a YAML document and a plain value within limits a
// hostile file cannot get past: a size cap, a nesting cap checked on the parser's token tree
// before the document is composed (composing recurses, and a deep file overflows the stack),
// syntax errors, duplicate keys, unknown tags, non-scalar keys, unresolved and recursive
// aliases, alias bombs (too many aliases, or aliases expanding past a node budget), and
// numbers YAML reads as ±Infinity or NaN (`.inf`, `1e400`, `.nan`). Each is a problem at an
// offset of the text, never an exception, a hang or a silent default.
import {
  type Alias,
  type Document,
  isAlias,
  isCollection,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
  visit,
} from 'yaml';

/** A config is a few kilobytes; this leaves room for any real one. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Collections nested in collections; a real config nests about six deep. */
export const MAX_CONFIG_DEPTH = 32;
/** Alias nodes one config may hold (also the `maxAliasCount` handed to the YAML library). */
export const MAX_CONFIG_ALIASES = 100;
/** Nodes the config may grow to once every alias is expanded. */
export const MAX_EXPANDED_NODES = 10_000;

export interface YamlProblem {
  readonly offset: number;
  /** The field path when the problem is a value's (a non-finite number). */
  readonly path?: readonly (string | number)[];
  readonly message: string;
}

export interface ConfigYaml {
  readonly lines: LineCounter;
  readonly doc?: Document;
  readonly problems: readonly YamlProblem[];
  /** The parsed value; absent when the text could not be read safely. */
  readonly value?: unknown;
  /** Field paths whose value is not a finite number (already a problem). */
  readonly nonFinite: readonly (readonly (string | number)[])[];
}

export function readConfigYaml(text: string): ConfigYaml {
  const lines = new LineCounter();
  const none = (problems: YamlProblem[]): ConfigYaml => ({ lines, problems, nonFinite: [] });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    lines.addNewLine(0);
    return none([
      {
        offset: 0,
        message: `the file is ${bytes} bytes; a config file may be at most ${MAX_CONFIG_BYTES} bytes`,
      },
    ]);
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    // The line counter is filled by parsing; count the lines by hand for this one offset.
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    return none([
      {
        offset: deep,
        message: `collections nested more than ${MAX_CONFIG_DEPTH} deep; a config file nests a few levels`,
      },
    ]);
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: YamlProblem[] = [];
  const seen = new Set<string>();
  for (const issue of [...doc.errors, ...doc.warnings]) {
    const message = yamlMessage(issue.code, issue.message, text.slice(issue.pos[0]));
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ offset: issue.pos[0], message });
  }
  if (problems.length > 0) return { lines, doc, problems, nonFinite: [] };
  checkKeysAndAliases(doc, problems);
  if (problems.length > 0) return { lines, doc, problems, nonFinite: [] };
  const nonFinite = nonFiniteNumbers(doc, text, problems);
  try {
    return { lines, doc, problems, nonFinite, value: doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES }) };
  } catch (error) {
    // The checks above should leave nothing for the library to refuse; if it does, say so.
    problems.push({ offset: 0, message: `cannot read the YAML: ${(error as Error).message}` });
    return { lines, doc, problems, nonFinite };
  }
}

function yamlMessage(code: string, message: string, rest: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\n]*?)\s*:/.exec(rest)?.[1];
    return key ? `duplicate key "${key}"` : 'duplicate key';
  }
  if (code === 'MULTIPLE_DOCS') return 'a config file holds one YAML document (found a second "---")';
  if (code === 'TAG_RESOLVE_FAILED') return `YAML tag not allowed in a config file: ${first}`;
  if (/call stack|RESOURCE_EXHAUSTION/i.test(`${code} ${first}`)) return 'YAML nested too deeply to read';
  return `YAML syntax error: ${first}`;
}

interface CstToken {
  readonly type?: string;
  readonly offset?: number;
  readonly value?: unknown;
  readonly items?: readonly { readonly key?: unknown; readonly value?: unknown }[];
}

/**
 * The offset of the first collection nested past MAX_CONFIG_DEPTH, or undefined. Walks the
 * parser's token tree with an explicit stack (the parser itself does not recurse).
 */
function tooDeep(text: string): number | undefined {
  for (const root of new Parser().parse(text)) {
    const stack: [CstToken | undefined, number][] = [[root as CstToken, 0]];
    while (stack.length > 0) {
      const [token, depth] = stack.pop()!;
      if (!token || typeof token !== 'object') continue;
      if (token.type === 'document') stack.push([token.value as CstToken, depth]);
      else if (token.items && /^(block-map|block-seq|flow-collection)$/.test(token.type ?? '')) {
        if (depth >= MAX_CONFIG_DEPTH) return token.offset ?? 0;
        for (const item of token.items) {
          stack.push([item.key as CstToken, depth + 1]);
          stack.push([item.value as CstToken, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

const start = (node: { range?: readonly number[] | null } | null | undefined): number =>
  node?.range?.[0] ?? 0;

/**
 * Non-scalar mapping keys, then aliases: each must follow its anchor, must not sit inside the
 * node it names, and all of them together must stay within the alias and expansion budgets.
 */
function checkKeysAndAliases(doc: Document, problems: YamlProblem[]): void {
  const latest = new Map<string, Node>();
  const aliases: Alias[] = [];
  const target = new Map<Alias, Node>();
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key))
        problems.push({ offset: start(pair.key as Node), message: 'a mapping key must be a plain name' });
    },
    Node(_, node, path) {
      if (isAlias(node)) {
        aliases.push(node);
        const found = latest.get(node.source);
        if (!found)
          problems.push({
            offset: start(node),
            message: `alias *${node.source} has no anchor &${node.source} before it`,
          });
        else if ((path as readonly unknown[]).includes(found))
          problems.push({
            offset: start(node),
            message: `alias *${node.source} is inside the node it names (a recursive alias)`,
          });
        else target.set(node, found);
      } else if (node.anchor) {
        latest.set(node.anchor, node);
      }
    },
  });
  if (aliases.length > MAX_CONFIG_ALIASES) {
    problems.push({
      offset: start(aliases[MAX_CONFIG_ALIASES]),
      message: `more than ${MAX_CONFIG_ALIASES} aliases (${aliases.length}); a config file needs few or none`,
    });
    return;
  }
  if (problems.length > 0 || aliases.length === 0) return;
  if (expandedSize(doc.contents, target, new Map()) > MAX_EXPANDED_NODES)
    problems.push({
      offset: start(aliases[0]),
      message: `aliases expand the file past ${MAX_EXPANDED_NODES} nodes (an alias bomb); write the values out instead`,
    });
}

/** Nodes `node` stands for once aliases are expanded (stops counting past the budget). */
function expandedSize(node: unknown, target: ReadonlyMap<Alias, Node>, memo: Map<unknown, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (isAlias(node)) size = expandedSize(target.get(node), target, memo);
  else if (isPair(node)) size = expandedSize(node.key, target, memo) + expandedSize(node.value, target, memo);
  else if (isCollection(node)) {
    for (const item of node.items) {
      size += expandedSize(item, target, memo);
      if (size > MAX_EXPANDED_NODES) break;
    }
  }
  memo.set(node, size);
  return size;
}

/**
 * Every scalar YAML reads as ±Infinity or NaN, quoted as written: `.inf`, `1e400` and `.nan`
 * are numbers to YAML but to no rule of a gate. Returns the field paths of those values.
 */
function nonFiniteNumbers(doc: Document, text: string, problems: YamlProblem[]): (string | number)[][] {
  const paths: (string | number)[][] = [];
  visit(doc, {
    Scalar(_, node, ancestors) {
      if (typeof node.value !== 'number' || Number.isFinite(node.value)) return;
      const [from, to] = node.range ?? [0, 0];
      const source = text.slice(from, to).trim() || String(node.value);
      const path = fieldPath(node, ancestors);
      paths.push(path);
      problems.push({
        offset: from,
        path,
        message: Number.isNaN(node.value) ? `${source} is not a number` : `${source} is not a finite number`,
      });
    },
  });
  return paths;
}

/** The field path of a node from the ancestors `visit` hands over (keys and list indices). */
function fieldPath(node: unknown, ancestors: readonly unknown[]): (string | number)[] {
  const chain = [...ancestors, node];
  const path: (string | number)[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent)) {
      if (child === parent.key) return [...path, '(key)'];
      path.push(isScalar(parent.key) ? String(parent.key.value) : '(key)');
    } else if (isSeq(parent)) {
      path.push(parent.items.indexOf(child as never));
    }
  }
  return path;
}
