// The `srh` command (ARCHITECTURE §5). Exit codes: 0 all held, 1 a property or invariant failed,
// 2 bad input or usage, 3 a run did not terminate (`srh run`).
import { Command, CommanderError, Option } from 'commander';
import { EXIT, processIo, type Io } from './io.js';
import { checkCommand, type CheckOptions } from './check-command.js';
import { corpusCheckCommand, corpusListCommand, type CorpusOptions } from './corpus-command.js';
import { corpusMergeCommand, type MergeOptions } from './corpus-merge-command.js';
import { eventlogCheckCommand } from './eventlog-command.js';
import { mutantsCommand } from './mutants-command.js';
import { replayCommand, type ReplayOptions } from './replay-command.js';
import { runCommand, type RunOptions } from './run-command.js';
import { diffCommand, type DiffOptions } from './diff-command.js';
import { BACKENDS, type BackendOptions } from './backend-options.js';
import { packageVersion } from './version.js';
import type { ReporterOptions } from './test-reporter.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('srh')
    .description('spark-retry-harness: check Spark 3.2 task-retry semantics on a deterministic simulator')
    .exitOverride()
    // Usage errors on one line: commander puts its suggestion and the help hint on lines of their own.
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(`${text.trim().split('\n').join(' ')} (srh <command> --help shows the usage)\n`),
    })
    .showSuggestionAfterError(true)
    .version(packageVersion(), '--version', 'print the version of srh');

  program
    .command('run')
    .description('run one scenario and print its outcome')
    .argument('<file>', 'scenario JSON file, or a corpus entry (its scenario is run)')
    .option('--json', 'print the run summary as JSON (ARCHITECTURE §4)')
    .option('--log', 'print Spark-style driver log lines')
    .option('--eventlog <out>', "write the run as a Spark 3.2 event log (JSON lines) that Spark's History Server replays")
    .option('--eventlog-partition-ids', "with --eventlog: write TaskInfo's Partition ID, a Spark 3.3+ field (Spark 3.2 readers ignore it)")
    .option('--timeline <out.svg>', 'write an SVG timeline of the task attempts per executor')
    .option('--report <out.html>', 'write an HTML report: the timeline to zoom and pan, per executor core')
    .option('--force', 'let --eventlog, --timeline and --report replace a file that is no previous output of theirs')
    .addOption(backendOption())
    .option('--spark-jars <dir>', "--backend spark: a Spark build's jars/ folder instead of Maven's Spark 3.2.0")
    .option('--spark-timeout <sec>', '--backend spark: the wall-clock bound of one real run (default 120)')
    .action(async (file: string, opts: RunOptions) => {
      code = await runCommand(file, opts, io);
    });

  program
    .command('diff')
    .description('run each scenario on the simulator and on real Spark 3.2.0, and compare: agree, or each difference')
    .argument('[files...]', 'scenario JSON files (or --runs N for generated scenarios)')
    .option('--runs <n>', 'without files: this many generated scenarios the real backend can express')
    .option('--seed <s>', 'with --runs: the seed of the generated set (default 1)')
    .option('--mode <m>', 'with --runs: only these modes (batch, microBatch, continuous; comma-separated)')
    .option('--from <i>', 'with --runs: resume at this scenario index (the generated list is the same)')
    .option('--json', 'print the results as JSON')
    .option('--spark-jars <dir>', "a Spark build's jars/ folder instead of Maven's Spark 3.2.0")
    .option('--spark-timeout <sec>', 'the wall-clock bound of one real run (default 120)')
    .action(async (files: string[], opts: DiffOptions) => {
      code = await diffCommand(files, opts, io);
    });

  program
    .command('check')
    .description('the main job: a property campaign on generated scenarios')
    .option('--runs <n>', 'stop after this many scenarios')
    .option('--seed <s>', 'the campaign seed (fresh when absent)')
    .option('--mode <m>', 'only these modes: batch, microBatch, continuous (comma-separated)')
    .option('--property <p>', 'only this property (an id such as I5, model, determinism)')
    .option('--time-limit <sec>', 'stop after this many seconds (default 60)')
    .option('--json', 'print the report as JSON')
    .option('--corpus <dir>', 'where a failure is saved (default corpus/)')
    .option('--workers <n>', "worker threads (default: the machine's cores); the same scenarios, first failure and shrunk form for any number")
    .option('--shard <i/n>', 'check only shard i of n (1-based): n machines with the same seed split the campaign between them')
    .option('--report <out.html>', 'on a failure, write the HTML report of the shrunk counterexample')
    .option('--force', 'let --report replace a file that is not an earlier report')
    .addOption(backendOption())
    .option('--spark-jars <dir>', "--backend spark: a Spark build's jars/ folder instead of Maven's Spark 3.2.0")
    .option('--spark-timeout <sec>', '--backend spark: the wall-clock bound of one real run (default 120)')
    .option('--shrink-budget <n>', `--backend spark: real runs shrinking may spend (default 40)`)
    .option('--reporter <kind>', 'also write the verdicts as test cases for CI: junit (JUnit XML) or json; needs --output-file')
    .option('--output-file <file>', 'with --reporter: where the test report is written')
    .action(async (opts: CheckOptions) => {
      code = await checkCommand(opts, io);
    });

  program
    .command('replay')
    .description('re-run one counterexample: a corpus entry, or --seed/--path/--property from a check')
    .argument('[entry]', 'a corpus entry JSON file')
    .option('--seed <s>', 'the campaign seed')
    .option('--path <p>', "fast-check's path to the counterexample")
    .option('--property <p>', 'the property that failed')
    .option('--mode <m>', 'the modes the campaign was restricted to')
    .option('--json', 'print the replay as JSON: the verdict, the explanation and the run summary')
    .option('--log', 'print Spark-style driver log lines first')
    .option('--eventlog <out>', 'write the trace as a Spark event log (JSON lines)')
    .option('--timeline <out.svg>', 'write an SVG timeline of the task attempts per executor')
    .option('--report <out.html>', 'write an HTML report: the timeline to zoom and pan, and what failed')
    .option('--force', 'let --eventlog, --timeline and --report replace a file that is no previous output of theirs')
    .addOption(backendOption().default(undefined))
    .option('--spark-jars <dir>', "real Spark: a Spark build's jars/ folder instead of Maven's Spark 3.2.0")
    .option('--spark-timeout <sec>', 'real Spark: the wall-clock bound of one real run (default 120)')
    .option('--reporter <kind>', 'also write the verdicts as test cases for CI: junit (JUnit XML) or json; needs --output-file')
    .option('--output-file <file>', 'with --reporter: where the test report is written')
    .action(async (entry: string | undefined, opts: ReplayOptions) => {
      code = await replayCommand(entry, opts, io);
    });

  const corpus = program.command('corpus').description('the regression corpus');
  corpus
    .command('list')
    .argument('[dir]', 'corpus directory', 'corpus')
    .option('--json', 'print the entries as JSON')
    .action((dir: string, opts: CorpusOptions) => {
      code = corpusListCommand(dir, io, opts);
    });
  corpus
    .command('check')
    .description('re-run every entry: each property must now hold, and each name must be the one its content gives')
    .argument('[dir]', 'corpus directory', 'corpus')
    .option('--spark-jars <dir>', "entries found on real Spark: a Spark build's jars/ folder instead of Maven's Spark 3.2.0")
    .option('--spark-timeout <sec>', 'entries found on real Spark: the wall-clock bound of one real run (default 120)')
    .option('--json', 'print the results as JSON')
    .option('--reporter <kind>', 'also write the verdicts as test cases for CI: junit (JUnit XML) or json; needs --output-file')
    .option('--output-file <file>', 'with --reporter: where the test report is written')
    .action(async (dir: string, opts: CorpusOptions) => {
      code = await corpusCheckCommand(dir, io, opts);
    });

  corpus
    .command('merge')
    .description("merge corpora (a sharded campaign's, one per machine) into one: an entry already there is kept, a new one is added")
    .argument('<dirs...>', 'corpus directories to merge')
    .option('--into <dir>', 'the corpus merged into (default corpus/; created when missing)')
    .option('--json', 'print what was merged as JSON')
    .action((dirs: string[], opts: MergeOptions) => {
      code = corpusMergeCommand(dirs, opts, io);
    });

  program
    .command('eventlog')
    .description('real Spark event logs')
    .command('check')
    .description('a per-application report and the trace invariants on real Spark event logs (plain, .zstd, .gz, rolling directories, or a directory of logs)')
    .argument('<paths...>', 'event log files, rolling log directories (eventlog_v2_*, Databricks eventlog*), or directories of logs (spark.eventLog.dir)')
    .option('--max-failures <n>', "maxTaskFailures to check against, instead of the one the log's environment gives")
    .option('--json', 'print the results as JSON')
    .option('--reporter <kind>', 'also write the verdicts as test cases for CI: junit (JUnit XML) or json; needs --output-file')
    .option('--output-file <file>', 'with --reporter: where the test report is written')
    .action(async (paths: string[], opts: { json?: boolean; maxFailures?: string } & ReporterOptions) => {
      code = await eventlogCheckCommand(paths, opts, io);
    });

  program
    .command('mutants')
    .description('measure the harness on deliberately broken schedulers')
    .option('--runs <n>', 'scenarios per campaign (default 2000)')
    .option('--seed <s>', 'first campaign seed (default 1)')
    .option('--json', 'print the results as JSON')
    .option('--reporter <kind>', 'also write the verdicts as test cases for CI: junit (JUnit XML) or json; needs --output-file')
    .option('--output-file <file>', 'with --reporter: where the test report is written')
    .action((opts: { runs?: string; seed?: string; json?: boolean } & ReporterOptions) => {
      code = mutantsCommand(opts, io);
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

/** --backend: sim (the default) or spark; anything else is a usage error. */
function backendOption(): Option {
  return new Option('--backend <backend>', 'where the scenario runs: sim (the simulator) or spark (real Spark 3.2.0)').choices(BACKENDS).default('sim');
}
