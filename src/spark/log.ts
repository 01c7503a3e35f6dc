// Spark-style driver log lines (INFO/WARN/ERROR), collected in simulated-time order. The
// components log what Spark logs at the same point (spec §4); `srh run --log` prints them.

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface LogLine {
  timeMs: number;
  level: LogLevel;
  source: string;
  message: string;
}

export interface DriverLog {
  /** False when nobody reads the log: callers skip building messages. */
  readonly enabled: boolean;
  log(level: LogLevel, source: string, message: string): void;
}

/** Keeps lines when `enabled`; otherwise a no-op, so the hot path pays nothing. */
export class DriverLogBuffer implements DriverLog {
  readonly lines: LogLine[] = [];

  constructor(
    readonly enabled: boolean,
    private readonly now: () => number,
  ) {}

  log(level: LogLevel, source: string, message: string): void {
    if (this.enabled) this.lines.push({ timeMs: this.now(), level, source, message });
  }
}

export function formatLogLine(l: LogLine): string {
  const ms = l.timeMs;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const frac = ms % 1000;
  const t = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(frac, 3)}`;
  return `${t} ${l.level} ${l.source}: ${l.message}`;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}
