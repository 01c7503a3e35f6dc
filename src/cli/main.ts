// The `srh` command (ARCHITECTURE §5). Exit codes: 0 all held, 1 a property or invariant failed,
// 2 bad input or usage, 3 a run did not terminate (`srh run`).
import { Command, CommanderError } from 'commander';
import { EXIT, processIo, type Io } from './io.js';
import { runCommand } from './run-command.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('srh')
    .description('spark-retry-harness: check Spark 3.2 task-retry semantics on a deterministic simulator')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);

  program
    .command('run')
    .description('run one scenario and print its outcome')
    .argument('<file>', 'scenario JSON file')
    .option('--json', 'print the run summary as JSON (ARCHITECTURE §4)')
    .option('--log', 'print Spark-style driver log lines')
    .option('--eventlog <out>', 'write the trace as a Spark event log (JSON lines)')
    .action((file: string, opts: { json?: boolean; log?: boolean; eventlog?: string }) => {
      code = runCommand(file, opts, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every usage error is exit 2, its one line already printed.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    throw e;
  }
  return code;
}
