// The typed error of model loading: a stable code (the CLI maps it to exit 3) and every
// problem found, each naming the file and, where there is one, line:col and field path.

export class ModelError extends Error {
  readonly code = 'SIMGATE_MODEL';
  constructor(
    message: string,
    /** Each problem on its own, already prefixed with the file (and position where known). */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'ModelError';
  }

  /** One error for a list of problems about one file. */
  static of(file: string, what: string, problems: readonly string[]): ModelError {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    return new ModelError(`${file}: ${what} (${problems.length}):\n${list}`, problems);
  }
}
