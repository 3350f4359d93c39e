// The bundled incident files (examples/incidents/): each JSON Lines recording goes to MCAP and
// back byte for byte, the committed .mcap files are exactly that conversion (so the two
// containers of one incident can never disagree), and each recording reads for replay.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { telemetryToMcap } from '../../../harness/replay/mcap.js';
import { mcapToTelemetry } from '../../../harness/replay/mcap-read.js';
import { readRecording } from '../../../harness/replay/recording.js';
import { repoRoot } from '../../helpers/cli.js';

const dir = join(repoRoot, 'examples', 'incidents');

describe('bundled incidents', () => {
  for (const name of ['crush-fragile', 'drop-heavy', 'stop-person', 'crush-fragile-field']) {
    it(`${name}: JSON Lines → MCAP → JSON Lines is byte-identical`, async () => {
      const text = readFileSync(join(dir, `${name}.jsonl`), 'utf8');
      const { bytes } = await telemetryToMcap(text, name);
      expect(mcapToTelemetry(bytes, `${name}.mcap`)).toBe(text);
      const rec = readRecording(join(dir, `${name}.jsonl`));
      expect(rec.incident?.kind).toMatch(/^(crush|drop|protective_stop)$/);
      expect(rec.scenes.length).toBeGreaterThan(1);
    });
  }

  for (const name of ['crush-fragile', 'drop-heavy', 'stop-person']) {
    it(`${name}.mcap is the conversion of ${name}.jsonl`, async () => {
      const { bytes } = await telemetryToMcap(readFileSync(join(dir, `${name}.jsonl`), 'utf8'), name);
      expect(Buffer.from(bytes).equals(readFileSync(join(dir, `${name}.mcap`)))).toBe(true);
      expect(readRecording(join(dir, `${name}.mcap`)).sha256).toBe(
        readRecording(join(dir, `${name}.jsonl`)).sha256,
      );
    });
  }
});
