// The simgate CLI: one commander program, one module per command under commands/.
import { Command, CommanderError } from 'commander';
import { terminalText } from '../../reports/escape.js';
import { describeError, EXIT } from '../common/errors.js';
import { SIMGATE_VERSION } from '../common/version.js';
import { cliState } from './action.js';

type Register = (program: Command) => void;

/**
 * Every command, in the order `--help` lists them, each loaded only when it is run: a command's
 * module pulls in the physics engine, the ONNX runtime or the schema compiler, and a launch pays
 * only for the command it runs (`simgate --help` and a mistyped command load them all, to list
 * them and to suggest the nearest).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  episode: async () => (await import('./commands/episode.js')).registerEpisode,
  gate: async () => (await import('./commands/gate.js')).registerGate,
  check: async () => (await import('./commands/check.js')).registerCheck,
  replay: async () => (await import('./commands/replay.js')).registerReplay,
  run: async () => (await import('./commands/run.js')).registerRun,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  report: async () => (await import('./commands/report.js')).registerReport,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  init: async () => (await import('./commands/init.js')).registerInit,
  params: async () => (await import('./commands/params.js')).registerParams,
  schema: async () => (await import('./commands/schema.js')).registerSchema,
  monitor: async () => (await import('./commands/monitor.js')).registerMonitor,
  trace: async () => (await import('./commands/trace.js')).registerTrace,
};

/**
 * The commands to register for these arguments: the one named first, none for `--version`, else
 * all of them (the program takes no option before a command but --help and --version).
 */
function commandsFor(argv: readonly string[]): string[] {
  const first = argv[2];
  if (first === '-V' || first === '--version') return [];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

/** The program with the given commands registered (default: all). */
export async function buildProgram(names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
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
  for (const name of names) (await COMMANDS[name]())(program);
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
  cliState.exitCode = 0;
  try {
    const program = await buildProgram(commandsFor(argv));
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with 1 → ERROR (3).
      return error.exitCode === 0 ? EXIT.PASS : EXIT.ERROR;
    }
    // An error while a command loads or the arguments are read (outside any handler) is still one
    // message and exit 3, never an unhandled rejection.
    process.stderr.write(`simgate: ${terminalText(describeError(error), { keepNewlines: true })}\n`);
    return EXIT.ERROR;
  }
  return cliState.exitCode;
}
