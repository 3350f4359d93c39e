// The simgate CLI: one commander program, one module per command under commands/.
import { Command, CommanderError } from 'commander';
import { terminalText } from '../../reports/escape.js';
import { describeError, EXIT } from '../common/errors.js';
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
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerTrace } from './commands/trace.js';
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
    // Set before the commands are added, so each inherits it (monitor sets its own).
    .configureOutput({ outputError: (text, write) => write(usageErrorLine(text)) })
    .exitOverride();
  // registered commands:
  registerDemo(program);
  registerEpisode(program);
  registerGate(program);
  registerCheck(program);
  registerReplay(program);
  registerRun(program);
  registerMerge(program);
  registerReport(program);
  registerVerify(program);
  registerValidate(program);
  registerInit(program);
  registerParams(program);
  registerSchema(program);
  registerMonitor(program);
  registerTrace(program);
  return program;
}

/**
 * A command-line usage error (unknown option or command, missing value) on one line: commander
 * echoes what was typed, so control characters are made visible, and its "Did you mean"
 * suggestion joins the line.
 */
export function usageErrorLine(text: string): string {
  const line = text
    .trim()
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return `${terminalText(line)} (run with --help for usage)\n`;
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
      return error.exitCode === 0 ? EXIT.PASS : EXIT.ERROR;
    }
    // An error while the arguments are read (outside any command's handler) is still one
    // message and exit 3, never an unhandled rejection.
    process.stderr.write(`simgate: ${terminalText(describeError(error), { keepNewlines: true })}\n`);
    return EXIT.ERROR;
  }
  return cliState.exitCode;
}
