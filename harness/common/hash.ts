// sha256 of bytes and of JSON values in one canonical form (object keys sorted at every depth),
// so equal data hashes equally whatever order its keys were built in. Used for the hashes that
// bind results, shard manifests and cache entries to what produced them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

/** The value with object keys sorted at every depth (arrays keep their order). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = sortedKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON with sorted keys; non-finite numbers become null, exactly as JSON.stringify writes them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value));
}

export function sha256Json(value: unknown): string {
  return sha256(canonicalJson(value));
}

export const SHA256_RE = /^[0-9a-f]{64}$/;
