// Crashes are counterexamples (issue 11 §3): a scenario on which the simulator, the model or an
// invariant throws fails the property `no-crash`, which a campaign shrinks, reports and saves like
// any other. This file catches and describes such errors: where it threw (the simulator or a
// property), the error, and its stack cut to the frames below the harness's own guard, in
// TypeScript lines when source maps are on (bin/srh.js enables them; vitest maps its own).
import { relative } from 'node:path';

export const NO_CRASH_ID = 'no-crash';
/** The site of a crash while validating, simulating or summarising a scenario. */
export const SIMULATOR = 'simulator';
const MAX_FRAMES = 15;

export interface Crash {
  /** Where it threw: SIMULATOR, or the id of the property whose check threw. */
  site: string;
  error: unknown;
}

/** A crash as data (the JSON report, a corpus entry's note). */
export interface CrashReport {
  site: string;
  error: string;
  stack: string[];
}

/** Runs `f`; what it returns, or the crash at `site`. Its frame marks where a crash's stack is cut. */
export function guardedCall<T>(site: string, f: () => T): { value: T } | { crash: Crash } {
  try {
    return { value: f() };
  } catch (error) {
    return { crash: { site, error } };
  }
}

/** The error's first line: `Name: message` (what `throw` was given, for a non-Error). */
export function errorHeadline(error: unknown): string {
  if (!(error instanceof Error)) return `a non-Error value: ${safeString(error)}`;
  return `${error.name}: ${error.message.split('\n')[0]}`;
}

/** The stack frames of the throw, innermost first, down to (without) the guard that caught it. */
export function stackFrames(error: unknown): string[] {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return [];
  const frames: string[] = [];
  for (const line of error.stack.split('\n')) {
    const frame = line.trim();
    if (!frame.startsWith('at ')) continue;
    // The harness's own frames (the guard, and violationsOf that calls the property for it) end the stack.
    if (/\bguardedCall\b/.test(frame) || /[/\\]crash\.[jt]s:/.test(frame) || /\bviolationsOf \(.*property-catalogue\.[jt]s:/.test(frame)) break;
    frames.push(shortPaths(frame));
    if (frames.length === MAX_FRAMES) break;
  }
  return frames;
}

export function crashReport(c: Crash): CrashReport {
  return { site: c.site, error: errorHeadline(c.error), stack: stackFrames(c.error) };
}

/** The crash as a violation message: where, the error, then its frames. */
export function crashText(c: Crash): string {
  const r = crashReport(c);
  const where = r.site === SIMULATOR ? 'the simulator' : `property ${r.site}`;
  return [`${where} threw ${r.error}`, ...r.stack.map((f) => `  ${f}`)].join('\n');
}

/** Paths in a frame relative to the working directory, so a report reads `src/spark/…ts:12:3`. */
function shortPaths(frame: string): string {
  return frame.replace(/(?:file:\/\/)?(\/[^\s():]+)(?=:\d+)/g, (_m, path: string) => {
    const r = relative(process.cwd(), path);
    return r.startsWith('..') ? path : r;
  });
}

function safeString(x: unknown): string {
  try {
    return typeof x === 'string' ? JSON.stringify(x) : String(x);
  } catch {
    return typeof x;
  }
}
