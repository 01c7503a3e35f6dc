// A campaign that a signal can stop (issue 13 §3): the same campaign as runCampaign (same
// scenarios, same first failure, same shrinking), run as an async property that yields to the
// event loop every YIELD_EVERY_MS, so SIGINT and SIGTERM handlers run mid-campaign. Once a stop is
// asked for, the next run interrupts fast-check (a PreconditionFailure with interruptExecution):
// generation ends, or shrinking ends with the smallest counterexample found so far.
import fc from 'fast-check';
import type { ScenarioInput } from '../scenario/schema.js';
import { campaignCore, type CampaignOptions, type CampaignResult } from './campaign.js';

const YIELD_EVERY_MS = 50;

/** Set `requested` (to the signal's name) to stop the campaign at its next scenario. */
export interface StopRequest {
  requested: string | null;
}

export interface InterruptibleResult extends CampaignResult {
  /** The stop request that ended the campaign early (a signal's name), or null. */
  stoppedBy: string | null;
}

export async function runInterruptibleCampaign(o: CampaignOptions, stop: StopRequest): Promise<InterruptibleResult> {
  const core = campaignCore(o);
  let lastYield = performance.now();
  const predicate = async (input: ScenarioInput): Promise<boolean> => {
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (stop.requested !== null) throw new fc.PreconditionFailure(true);
    return core.predicate(input);
  };
  const r = await fc.check(fc.asyncProperty(core.arbitrary, predicate), core.params);
  return { ...core.finish(r), stoppedBy: stop.requested };
}

/**
 * Runs `f` with SIGINT and SIGTERM turned into a stop request (once each: a second signal of the
 * same kind gets Node's default, which ends the process at once).
 */
export async function withStopOnSignals<T>(f: (stop: StopRequest) => Promise<T>): Promise<T> {
  const stop: StopRequest = { requested: null };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => {
      stop.requested ??= signal;
      process.removeListener(signal, handler);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await f(stop);
  } finally {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  }
}
