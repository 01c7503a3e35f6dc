// `srh run FILE [--json] [--log] [--eventlog OUT]`: one scenario, its summary, optionally its
// driver log and event log.
import { loadScenarioFile, formatScenarioError } from '../scenario/validate.js';
import { simulate } from '../simulate.js';
import { formatLogLine } from '../spark/log.js';
import { timelineSvg } from '../harness/timeline-svg.js';
import { writeEventLog, writeFileAtomic } from '../trace/event-log-writer.js';
import { summarize } from '../trace/summary.js';
import { summaryText } from '../trace/summary-text.js';
import { EXIT, type Io } from './io.js';

export interface RunOptions {
  json?: boolean;
  log?: boolean;
  eventlog?: string;
  timeline?: string;
}

export function runCommand(file: string, opts: RunOptions, io: Io): number {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.err(formatScenarioError(file, e) + '\n');
    return EXIT.badInput;
  }
  const scenario = loaded.scenario;
  const result = simulate(scenario, { log: opts.log === true });
  if (opts.eventlog !== undefined) {
    try {
      writeEventLog(opts.eventlog, result.trace.events);
    } catch (e) {
      io.err(`srh run: cannot write the event log to ${opts.eventlog}: ${(e as Error).message}; choose a writable path for --eventlog\n`);
      return EXIT.badInput;
    }
  }
  if (opts.timeline !== undefined) {
    try {
      writeFileAtomic(opts.timeline, timelineSvg(result.trace, scenario.name ?? file));
    } catch (e) {
      io.err(`srh run: cannot write the timeline to ${opts.timeline}: ${(e as Error).message}; choose a writable path for --timeline\n`);
      return EXIT.badInput;
    }
  }
  if (opts.log) for (const l of result.log) io.out(formatLogLine(l) + '\n');
  const summary = summarize(result.trace);
  if (opts.json) io.out(JSON.stringify(summary, null, 2) + '\n');
  else io.out(summaryText(summary, scenario.name ?? file));
  return result.trace.status === 'finished' ? EXIT.ok : EXIT.didNotTerminate;
}
