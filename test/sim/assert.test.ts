// The simulator's assertions (src/sim/assert.ts): a failed one throws SimulatorBug with its
// message, a held one costs no message, and the internal checks placed in the simulator fire on
// the broken states they name.
import { describe, expect, it } from 'vitest';
import { assert, SimulatorBug } from '../../src/sim/assert.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MapOutputTracker, type MapStatus } from '../../src/spark/map-output-tracker.js';

describe('assert', () => {
  it('throws SimulatorBug with the message when the condition fails', () => {
    expect(() => assert(false, 'counts disagree')).toThrow(SimulatorBug);
    expect(() => assert(false, () => 'built lazily')).toThrow('built lazily');
  });

  it('builds no message when the condition holds', () => {
    let built = 0;
    assert(true, () => `${++built}`);
    expect(built).toBe(0);
  });
});

describe('assertions inside the simulator', () => {
  it('the virtual clock never goes back', () => {
    const clock = new VirtualClock();
    clock.advanceTo(10);
    expect(() => clock.advanceTo(5)).toThrow(SimulatorBug);
  });

  it('the map-output tracker refuses an index outside its shuffle and an unknown shuffle', () => {
    const tracker = new MapOutputTracker();
    tracker.registerShuffle(0, 2);
    const status: MapStatus = { location: { executorId: '1', host: 'h', port: 1 }, mapId: 0 };
    expect(() => tracker.registerMapOutput(0, 2, status)).toThrow(SimulatorBug);
    expect(() => tracker.missingMapIndices(7)).toThrow(SimulatorBug);
    tracker.registerMapOutput(0, 1, status);
    expect(tracker.missingMapIndices(0)).toEqual([0]);
    expect(tracker.firstMissing(0)).toBe(0);
  });
});
