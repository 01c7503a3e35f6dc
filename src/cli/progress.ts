// A campaign's progress on stderr (issue 13 §4). On a terminal: one live line, redrawn in place,
// with the scenarios checked, the rate, the failures and the time left. Elsewhere (a CI log, a
// pipe): a plain line every PLAIN_EVERY_MS, so a log shows the campaign is alive without filling
// up. The campaign's clock is the wall clock here: progress is about the user's time, not the
// simulation's.
export interface CampaignProgress {
  /** The scenarios checked so far. */
  update(checked: number): void;
  /** The campaign found its failure (it now shrinks it). */
  failureFound(): void;
  /** Clears the live line (a plain log keeps its lines). */
  done(): void;
}

export const PLAIN_EVERY_MS = 5000;
const LIVE_EVERY_MS = 200;

export interface ProgressTarget {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function campaignProgress(
  stream: ProgressTarget,
  limits: { timeLimitMs: number; runs?: number },
  now: () => number = () => performance.now(),
): CampaignProgress {
  const started = now();
  const live = stream.isTTY === true;
  let lastShown = started;
  let checked = 0;
  let failures = 0;
  let drawn = false;
  const show = (force: boolean): void => {
    const t = now();
    if (!force && t - lastShown < (live ? LIVE_EVERY_MS : PLAIN_EVERY_MS)) return;
    lastShown = t;
    const line = progressText(checked, failures, t - started, limits);
    if (live) {
      stream.write(`\r\x1b[K  ${line}`);
      drawn = true;
    } else stream.write(`srh check: ${line}\n`);
  };
  return {
    update(n) {
      checked = n;
      show(false);
    },
    failureFound() {
      failures++;
      show(true);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** "12,500 scenarios, 2,083/s, 0 failures, 54 s left" (the time left: the limit's, or the runs' at this rate if sooner). */
export function progressText(checked: number, failures: number, elapsedMs: number, limits: { timeLimitMs: number; runs?: number }): string {
  const rate = checked / Math.max(elapsedMs / 1000, 1e-3);
  let leftMs = Math.max(0, limits.timeLimitMs - elapsedMs);
  if (limits.runs !== undefined && rate > 0) leftMs = Math.min(leftMs, (1000 * Math.max(0, limits.runs - checked)) / rate);
  const state = failures === 0 ? '0 failures' : `${failures} failure${failures === 1 ? '' : 's'} (shrinking)`;
  return `${checked.toLocaleString('en-US')} scenarios, ${Math.round(rate).toLocaleString('en-US')}/s, ${state}, ${Math.ceil(leftMs / 1000)} s left`;
}
