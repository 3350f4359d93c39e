// The simgate CLI: one commander program, one module per command under commands/.
import { Command, CommanderError } from 'commander';
import { SIMGATE_VERSION } from '../common/version.js';
import { cliState } from './action.js';
// command registrations (one module each under commands/):
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerEpisode } from './commands/episode.js';
import { registerGate } from './commands/gate.js';
import { registerInit } from './commands/init.js';
import { registerMerge } from './commands/merge.js';
import { registerMonitor } from './commands/monitor.js';
import { registerParams } from './commands/params.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';

export function buildProgram(): Command {
  const program = new Command('simgate')
    .description(
      'Simulation-first promotion gate for retrained physical-world models: runs a candidate and the ' +
        'production ONNX model through the same deterministic simulations and returns one decision — ' +
        'PROMOTE (0), REJECT (1), INCONCLUSIVE (2) or ERROR (3).',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate demo                                   # the bundled retrained model against production\n' +
        '  simgate gate --candidate new.onnx --baseline prod.onnx --out report/\n' +
        '  simgate episode --task pick --policy reference --seed 7\n' +
        '  simgate validate scenarios/\n' +
        '\nRun `simgate <command> --help` for the flags and examples of each command.\n',
    )
    .version(SIMGATE_VERSION, '-V, --version', 'print the simgate version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // registered commands:
  registerDemo(program);
  registerEpisode(program);
  registerGate(program);
  registerCheck(program);
  registerRun(program);
  registerMerge(program);
  registerReport(program);
  registerVerify(program);
  registerValidate(program);
  registerInit(program);
  registerParams(program);
  registerSchema(program);
  registerMonitor(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  cliState.exitCode = 0;
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with 1 → ERROR (3).
      return error.exitCode === 0 ? 0 : 3;
    }
    throw error;
  }
  return cliState.exitCode;
}
