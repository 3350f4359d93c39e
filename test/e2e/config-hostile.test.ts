// The real CLI on the CLI subset of the bad-config and bad-flag corpus (every class): each
// config through `simgate gate --candidate models/pick-v2.onnx --baseline models/pick-v1.onnx
// --config bad.yaml --out OUT`, exit 3 with the located message, no stack trace, nothing raw from
// the input on the terminal, OUT/report.json saying ERROR, and no episode run. The whole corpus
// runs in process in test/harness/gate/config-hostile.test.ts.
import { describe, expect, it } from 'vitest';
import { type BadCase, CASES, CLASSES, expectRefused, prepare } from '../harness/gate/config-cases.js';
import { runCli } from '../helpers/cli.js';

describe('simgate refuses bad and hostile configs and flags before anything runs', () => {
  const cli = CASES.filter((c) => c.cli);
  it('the CLI subset covers every class', () => {
    expect(cli.length).toBeGreaterThanOrEqual(15);
    for (const cls of CLASSES)
      expect(
        cli.some((c) => c.class === cls),
        cls,
      ).toBe(true);
  });

  it.each(cli.map((c): [string, string, BadCase] => [c.class, c.name, c]))('[%s] %s', (_, __, c) => {
    const { dir, args, out } = prepare(c);
    expectRefused(c, runCli(args, { cwd: dir }), out);
  });

  it('simgate schema config prints the config JSON Schema', () => {
    const run = runCli(['schema', 'config']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.title).toBe('simgate.config.yaml');
    expect(schema.properties.samples.maximum).toBe(100000);
    const unknown = runCli(['schema', 'conf\u001b[2Jig']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(
      /unknown schema "conf\\x1b\[2Jig"; available: scenario, model-card, config/,
    );
  });
});
