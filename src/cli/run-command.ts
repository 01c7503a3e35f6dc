// `srh run FILE [--backend sim|spark] [--json] [--log] [--eventlog OUT] [--timeline OUT]
// [--report OUT.html] [--force]`: one scenario (a scenario file, or a corpus entry's scenario), its
// summary, optionally its driver log, event log, SVG timeline and HTML report. On the simulator
// (the default) or on real Spark 3.2.0 (ARCHITECTURE §7):
// both give a trace, summarised by the same code.
import type { Scenario } from '../scenario/types.js';
import { simulate } from '../simulate.js';
import { formatLogLine } from '../spark/log.js';
import { timelineSvg } from '../harness/timeline-svg.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Trace } from '../trace/events.js';
import { writeEventLog } from '../trace/event-log-writer.js';
import { writeSparkEventLog } from '../trace/spark-log-writer.js';
import { summarize } from '../trace/summary.js';
import { sinkOutputOf } from '../trace/sink-output.js';
import { summaryText } from '../trace/summary-text.js';
import { openSparkBackend, reportRealFailure, type BackendOptions } from './backend-options.js';
import { EXIT, type Io } from './io.js';
import { outputProblem, samePath } from './output-guard.js';
import { loadScenarioSource } from './scenario-source.js';
import { reportOptionProblem, writeReport, type ReportOptions } from './report-option.js';

export interface RunOptions extends BackendOptions, ReportOptions {
  json?: boolean;
  log?: boolean;
  eventlog?: string;
  /** --eventlog-partition-ids: TaskInfo's Spark 3.3 Partition ID in the written log. */
  eventlogPartitionIds?: boolean;
  timeline?: string;
  /** Let --eventlog and --timeline replace a file that is no previous output of theirs. */
  force?: boolean;
}

export async function runCommand(file: string, opts: RunOptions, io: Io): Promise<number> {
  const usage = optionProblem(file, opts);
  if (usage !== null) {
    io.err(`srh run: ${usage}\n`);
    return EXIT.badInput;
  }
  // A scenario file, or a corpus entry: its scenario (issue 13 §2).
  const scenario = loadScenario(file, io);
  if (scenario === null) return EXIT.badInput;
  if ((opts.backend ?? 'sim') === 'sim') {
    const result = simulate(scenario, { log: opts.log === true });
    if (opts.log) for (const l of result.log) io.out(formatLogLine(l) + '\n');
    const write = (out: string) => writeSparkEventLog(out, result.trace, scenario, { partitionIds: opts.eventlogPartitionIds === true });
    return report(file, scenario, result.trace, opts, io, write);
  }
  const backend = openSparkBackend('srh run', opts, io);
  if (backend === null) return EXIT.badInput;
  try {
    const result = await backend.run(scenario);
    if (!result.ok) return reportRealFailure('srh run', file, result, io);
    // Spark wrote this log itself: it is written as read.
    return report(file, scenario, result.trace, opts, io, (out) => writeEventLog(out, result.trace.events));
  } finally {
    await backend.close();
  }
}

/** The scenario of a scenario file or corpus entry, or null after printing its problems (one line each). */
export function loadScenario(file: string, io: Io): Scenario | null {
  return loadScenarioSource(file, io)?.scenario ?? null;
}

/**
 * Writes --eventlog (with `writeLog`, by default the trace's events as they are) and --timeline;
 * false after printing why one could not be written.
 */
export function writeRunOutputs(
  command: string,
  title: string,
  trace: Trace,
  opts: { eventlog?: string; timeline?: string },
  io: Io,
  writeLog: (out: string) => void = (out) => writeEventLog(out, trace.events),
): boolean {
  if (opts.eventlog !== undefined) {
    try {
      writeLog(opts.eventlog);
    } catch (e) {
      io.err(`${command}: cannot write the event log to ${opts.eventlog}: ${(e as Error).message}; choose a writable path for --eventlog\n`);
      return false;
    }
  }
  if (opts.timeline !== undefined) {
    try {
      writeFileAtomic(opts.timeline, timelineSvg(trace, title));
    } catch (e) {
      io.err(`${command}: cannot write the timeline to ${opts.timeline}: ${(e as Error).message}; choose a writable path for --timeline\n`);
      return false;
    }
  }
  return true;
}

/** The outputs of a run, whichever backend made its trace; `writeLog` writes its event log. */
function report(file: string, scenario: Scenario, trace: Trace, opts: RunOptions, io: Io, writeLog: (out: string) => void): number {
  if (!writeRunOutputs('srh run', scenario.name ?? file, trace, opts, io, writeLog)) return EXIT.badInput;
  if (!writeReport('srh run', opts, trace, { title: scenario.name ?? file }, io)) return EXIT.badInput;
  const summary = summarize(trace);
  if (opts.json) io.out(JSON.stringify(summary, null, 2) + '\n');
  else io.out(summaryText(summary, scenario.name ?? file, sinkOutputOf(trace.events)));
  return trace.status === 'finished' ? EXIT.ok : EXIT.didNotTerminate;
}

/** Flags that cannot go together: output that would not parse, or one file written twice. */
function optionProblem(file: string, opts: RunOptions): string | null {
  if (opts.log && opts.backend === 'spark') return "--log prints the simulator's driver log; on real Spark, read the real run with --eventlog OUT or --json";
  if (opts.eventlogPartitionIds && opts.eventlog === undefined) return '--eventlog-partition-ids shapes the log --eventlog writes; give --eventlog OUT too';
  if (opts.eventlogPartitionIds && opts.backend === 'spark') return "--eventlog-partition-ids shapes the simulator's log; real Spark 3.2.0 writes its own";
  return (
    outputOptionProblem(file, opts) ??
    reportOptionProblem(opts, [
      ['the scenario file', file],
      ['--eventlog', opts.eventlog],
      ['--timeline', opts.timeline],
    ])
  );
}

/**
 * --json with --log, an output that would overwrite the input or the other output, or one that
 * would replace a file that is no previous output of its flag (without --force; output-guard.ts).
 */
export function outputOptionProblem(
  file: string | null,
  opts: { json?: boolean; log?: boolean; eventlog?: string; timeline?: string; force?: boolean },
): string | null {
  if (opts.json && opts.log)
    return '--json and --log both print to stdout, which would then not parse as JSON; use --json with --eventlog OUT for a machine-readable record of the run';
  const outputs = [
    ['--eventlog', opts.eventlog],
    ['--timeline', opts.timeline],
  ].filter((o): o is [string, string] => o[1] !== undefined);
  for (const [flag, out] of outputs) {
    if (file !== null && samePath(out, file)) return `${flag} ${out} is the input file itself, which it would overwrite; choose another path`;
  }
  if (outputs.length === 2 && samePath(outputs[0][1], outputs[1][1]))
    return `--eventlog and --timeline name the same file ${outputs[0][1]}; give each its own path`;
  for (const [flag, out] of outputs) {
    const kept = outputProblem(flag === '--eventlog' ? 'eventlog' : 'timeline', out, opts.force === true);
    if (kept !== null) return `${flag}: ${kept}`;
  }
  return null;
}
