#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof) of pick episodes: self time per function, and
// the same time charged to the nearest simulator function on the stack (so WASM time inside
// world.step() or castRay() shows up as the sim call that asked for it).
// Usage: node scripts/profile-top.mjs DIR_OR_FILE [rows]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [target, rowsArg] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: node scripts/profile-top.mjs DIR_OR_FILE [rows]\n');
  process.exit(2);
}
const file = statSync(target).isDirectory()
  ? join(
      target,
      readdirSync(target).find((n) => n.endsWith('.cpuprofile')),
    )
  : target;
const rows = Number(rowsArg ?? 20);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const where = (n) => n.callFrame.url.split('/').slice(-2).join('/');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;
const ours = (n) => /\/(sim|policies)\//.test(n.callFrame.url);
const self = new Map();
const charged = new Map();
let total = 0;
for (const n of profile.nodes) {
  const t = time.get(n.id) ?? 0;
  if (t === 0) continue;
  total += t;
  self.set(label(n), (self.get(label(n)) ?? 0) + t);
  let cur = n;
  let callee;
  while (cur && !ours(cur)) {
    callee = cur;
    cur = byId.get(parent.get(cur.id));
  }
  const key = !cur
    ? `(outside the simulator) ${n.callFrame.functionName || where(n)}`
    : `${label(cur)}${callee ? ` → ${callee.callFrame.functionName || '(anonymous)'}` : ' (self)'}`;
  charged.set(key, (charged.get(key) ?? 0) + t);
}
const print = (title, m) => {
  process.stdout.write(`${title}\n`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${k}\n`);
};
print('self time per function', self);
print('charged to the simulator function that called it', charged);
