// Typed errors of the main side. Each carries a stable code and maps to exit code 3 at the
// CLI entry; messages name the file, line and field where there is one.

export const EXIT = {
  PROMOTE: 0,
  PASS: 0,
  REJECT: 1,
  FAIL: 1,
  INCONCLUSIVE: 2,
  ERROR: 3,
  INTERRUPTED: 130,
} as const;

export class SimgateError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'SimgateError';
  }
}

/** Bad input from the user: a flag, a file, a value. */
export class UsageError extends SimgateError {
  constructor(message: string, hint?: string) {
    super(message, 'SIMGATE_USAGE', hint);
    this.name = 'UsageError';
  }
}

/** One line for the terminal: the message, and the hint when there is one. Never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof SimgateError)
    return error.hint ? `${error.message}\nhint: ${error.hint}` : error.message;
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SIMGATE')
  ) {
    return error.message;
  }
  if (error instanceof Error) return `internal error: ${error.message}\n${error.stack ?? ''}`;
  return `internal error: ${String(error)}`;
}
