// Writes an output file atomically: a temporary file beside it, flushed to disk, then renamed
// over the target, so a reader (CI, `simgate verify`) sees the old file or the whole new one —
// never a torn or empty one after a full disk or a killed process. A failed write throws an
// error naming the file; the temporary file is removed.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class OutputWriteError extends Error {
  readonly code = 'SIMGATE_WRITE';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const reason = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause);
    super(`${file}: could not be written (${reason})`);
    this.name = 'OutputWriteError';
  }
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(temp, 'w');
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // The write already failed; the close error says nothing more.
      }
    }
    rmSync(temp, { force: true });
    throw new OutputWriteError(path, error);
  }
}
