// The typed error of model loading: a stable code (the CLI maps it to exit 3) and every
// problem found, each naming the file and, where there is one, line:col and field path.
// Names in a card or graph are untrusted: every message is made printable here, so a tensor
// called "\u001b[2J" can neither clear a terminal nor forge a line of output.

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every unprintable character written as an escape (\n, \t, \u001b, …). */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const MAX_QUOTED = 80;

/** A name from a card or graph as messages quote it: escaped, and cut short when very long. */
export function quote(name: string): string {
  const cut = name.length > MAX_QUOTED ? `${name.slice(0, MAX_QUOTED)}…` : name;
  const quoted = `"${printable(cut).replace(/"/g, '\\"')}"`;
  return name.length > MAX_QUOTED ? `${quoted} (${name.length} characters)` : quoted;
}

/** Problems listed in one error; a hostile card cannot make a message of a million lines. */
const MAX_LISTED = 200;

export class ModelError extends Error {
  readonly code = 'SIMGATE_MODEL';
  /** Each problem on its own, already prefixed with the file (and position where known). */
  readonly problems: readonly string[];

  constructor(message: string, problems?: readonly string[]) {
    const safe = printable(message);
    super(safe);
    this.name = 'ModelError';
    this.problems = problems ? problems.map(printable) : [safe];
  }

  /** One error for a list of problems about one file. */
  static of(file: string, what: string, problems: readonly string[]): ModelError {
    const error = new ModelError(`${file}: ${what} (${problems.length})`, problems);
    const listed = error.problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
    if (problems.length > MAX_LISTED) listed.push(`  … and ${problems.length - MAX_LISTED} more`);
    error.message = `${error.message}:\n${listed.join('\n')}`;
    return error;
  }
}
