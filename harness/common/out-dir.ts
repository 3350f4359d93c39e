// The output directory of a command: created when missing, refused with a clear message when it
// is a file or cannot be written — before any episode runs, never as a stack trace after.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

export function prepareOutDir(dir: string, flag = '--out'): string {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    try {
      mkdirSync(dir, { recursive: true });
      isDir = true;
    } catch (error) {
      throw new UsageError(
        `${flag} ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  if (!isDir) throw new UsageError(`${flag} ${dir}: exists and is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${dir}: the directory is not writable`);
  }
  return dir;
}
