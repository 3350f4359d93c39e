// Reads a model card's text (NAME.card.yaml, or the JSON of the ONNX metadata entry, which is
// YAML too) into a plain value, within limits a hostile card cannot get past: a size cap,
// duplicate keys, unknown tags, unresolved and recursive aliases, and alias bombs (too many
// aliases, or aliases that expand the card past a node budget) are problems with a position,
// never an exception, a hang or a silent default.
import {
  type Alias,
  type Document,
  isAlias,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import { CardProblems } from './card-problems.js';

/** A card is a few kilobytes; this leaves room for any real one. */
export const MAX_CARD_BYTES = 256 * 1024;
/** Alias nodes one card may hold (the `maxAliasCount` handed to the YAML library as well). */
export const MAX_ALIAS_COUNT = 100;
/** Nodes the card may grow to once every alias is expanded. */
export const MAX_EXPANDED_NODES = 10_000;

export interface CardText {
  readonly problems: CardProblems;
  /** The parsed value; undefined when the text could not be read safely. */
  readonly value?: unknown;
}

export function readCardText(text: string, source: string): CardText {
  const lines = new LineCounter();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CARD_BYTES) {
    const problems = new CardProblems(source, lines);
    problems.at(
      0,
      undefined,
      `the card is ${bytes} bytes; a model card may be at most ${MAX_CARD_BYTES} bytes`,
    );
    return { problems };
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems = new CardProblems(source, lines, doc, text);
  // One problem per kind of issue: a structure too deep for the reader fails once per level.
  const seen = new Map<string, number>();
  for (const issue of [...doc.errors, ...doc.warnings]) {
    const message = yamlMessage(issue.code, issue.message, text.slice(issue.pos[0]));
    seen.set(message, (seen.get(message) ?? 0) + 1);
    if (seen.get(message) === 1) problems.at(issue.pos[0], undefined, message);
  }
  if (problems.size > 0) return { problems };
  checkKeysAndAliases(doc, problems);
  if (problems.size > 0) return { problems };
  try {
    return { problems, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    // The checks above should leave nothing for the library to refuse; if it does, say so.
    problems.at(0, undefined, `cannot read the YAML: ${(error as Error).message}`);
    return { problems };
  }
}

function yamlMessage(code: string, message: string, rest: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\n]*?)\s*:/.exec(rest)?.[1];
    return key ? `duplicate key "${key}"` : 'duplicate key';
  }
  if (code === 'MULTIPLE_DOCS') return 'a model card holds one YAML document (found a second "---")';
  if (code === 'TAG_RESOLVE_FAILED') return `YAML tag not allowed in a model card: ${first}`;
  if (/call stack/i.test(first)) return 'YAML nested too deeply to read';
  return `YAML syntax error: ${first}`;
}

const start = (node: { range?: readonly number[] | null } | null | undefined): number =>
  node?.range?.[0] ?? 0;

/**
 * Non-scalar mapping keys, then aliases: each must follow its anchor, must not sit inside the
 * node it names, and all of them together must stay within the alias and expansion budgets.
 * Anchors are resolved in one pass (the library re-walks the document for every alias).
 */
function checkKeysAndAliases(doc: Document, problems: CardProblems): void {
  const latest = new Map<string, Node>();
  const aliases: Alias[] = [];
  const target = new Map<Alias, Node>();
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key))
        problems.at(start(pair.key as Node), undefined, 'a mapping key must be a plain name');
    },
    Node(_, node, path) {
      if (isAlias(node)) {
        aliases.push(node);
        const found = latest.get(node.source);
        if (!found) {
          problems.at(
            start(node),
            undefined,
            `alias *${node.source} has no anchor &${node.source} before it`,
          );
        } else if ((path as readonly unknown[]).includes(found)) {
          problems.at(
            start(node),
            undefined,
            `alias *${node.source} is inside the node it names (a recursive alias)`,
          );
        } else {
          target.set(node, found);
        }
      } else if (node.anchor) {
        latest.set(node.anchor, node);
      }
    },
  });
  if (aliases.length > MAX_ALIAS_COUNT) {
    problems.at(
      start(aliases[MAX_ALIAS_COUNT]),
      undefined,
      `more than ${MAX_ALIAS_COUNT} aliases (${aliases.length}); a model card needs few or none`,
    );
    return;
  }
  if (problems.size > 0 || aliases.length === 0) return;
  const size = expandedSize(doc.contents, target, new Map(), 0);
  if (size > MAX_EXPANDED_NODES) {
    problems.at(
      start(aliases[0]),
      undefined,
      `aliases expand the card past ${MAX_EXPANDED_NODES} nodes (an alias bomb); write the values out instead`,
    );
  }
}

const MAX_ALIAS_DEPTH = 1_000;

/** Nodes `node` stands for once aliases are expanded; Infinity past the budget or depth. */
function expandedSize(
  node: unknown,
  target: ReadonlyMap<Alias, Node>,
  memo: Map<unknown, number>,
  depth: number,
): number {
  if (depth > MAX_ALIAS_DEPTH) return Number.POSITIVE_INFINITY;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (isAlias(node)) size = expandedSize(target.get(node), target, memo, depth + 1);
  else if (isPair(node))
    size =
      expandedSize(node.key, target, memo, depth + 1) + expandedSize(node.value, target, memo, depth + 1);
  else if (isCollection(node)) {
    for (const item of node.items) {
      size += expandedSize(item, target, memo, depth + 1);
      if (size > MAX_EXPANDED_NODES) break;
    }
  }
  memo.set(node, size);
  return size;
}
