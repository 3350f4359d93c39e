// Reads one YAML file into a plain value plus a problem sink that knows its positions. Syntax
// errors, duplicate keys, unknown tags and alias bombs become problems, never exceptions.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { displayPath, ProblemSink } from './problems.js';

export interface YamlFile {
  readonly sink: ProblemSink;
  /** The parsed value; undefined when the file could not be read or parsed. */
  readonly value?: unknown;
  readonly sha256: string;
}

const MAX_ALIAS_COUNT = 100;

export function readYamlFile(file: string): YamlFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const sink = new ProblemSink(displayPath(file), new LineCounter());
    const code = (error as NodeJS.ErrnoException).code;
    sink.at(0, '', code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`);
    return { sink, sha256: '' };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lines = new LineCounter();
  const text = bytes.toString('utf8');
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const sink = new ProblemSink(displayPath(file), lines, doc);
  for (const issue of [...doc.errors, ...doc.warnings]) {
    sink.at(issue.pos[0], '', yamlMessage(issue.code, issue.message, text.slice(issue.pos[0])));
  }
  // A mapping key that is itself a list or mapping cannot name a field.
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as { range?: [number, number] } | null;
      if (key && !isScalar(key)) sink.at(key.range?.[0] ?? 0, '', 'a mapping key must be a plain name');
    },
  });
  if (sink.problems.length > 0) return { sink, sha256 };
  try {
    return { sink, sha256, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    sink.at(0, '', `cannot read the YAML: ${(error as Error).message}`);
    return { sink, sha256 };
  }
}

function yamlMessage(code: string, message: string, rest: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\n]*?)\s*:/.exec(rest)?.[1];
    return key ? `duplicate key "${key}"` : 'duplicate key';
  }
  if (code === 'MULTIPLE_DOCS') return 'a scenario file holds one YAML document (found a second "---")';
  return `YAML syntax error: ${first}`;
}
