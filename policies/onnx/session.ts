// One onnxruntime session per model sha256 per thread (module-level cache), created with fixed
// single-threaded, sequential options so results do not depend on the machine's core count.
import ort from 'onnxruntime-node';
import { ModelError } from './errors.js';

export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  // Fixed level; 'basic' avoids CPU-specific layout rewrites of the higher levels.
  graphOptimizationLevel: 'basic',
  executionProviders: ['cpu'],
  logSeverityLevel: 3,
};

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** The cached session for `sha256`, created from `bytes` on first use; `source` names the file in errors. */
export function sessionFor(
  sha256: string,
  bytes: () => Uint8Array,
  source: string,
): Promise<ort.InferenceSession> {
  let session = sessions.get(sha256);
  if (!session) {
    session = ort.InferenceSession.create(bytes(), SESSION_OPTIONS).catch((error: unknown) => {
      sessions.delete(sha256);
      const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
      throw new ModelError(`${source}: onnxruntime cannot create a session for this model: ${detail}`);
    });
    sessions.set(sha256, session);
  }
  return session;
}

/** Releases every cached session (end of a worker's life, tests). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) {
    try {
      await (await s).release();
    } catch {
      // a session that failed to create has nothing to release
    }
  }
}

export { ort };
