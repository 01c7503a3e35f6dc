// Unit tests of the MapOutputTracker's view of the past (spec §10.2, §10.4): a reducer fetches from
// the statuses it was told of at its start, so one status at an earlier version must come back as
// it was, whatever was registered or dropped since.
import { describe, expect, it } from 'vitest';
import { MapOutputTracker } from '../../src/spark/map-output-tracker.js';

const bm = (executorId: string) => ({ executorId, host: `host-${executorId}`, port: 40000 });

describe('MapOutputTracker.statusAt', () => {
  it('returns one output as it was at a version, through drops and re-registrations since', () => {
    const t = new MapOutputTracker();
    t.registerShuffle(0, 2);
    t.registerMapOutput(0, 0, { location: bm('1'), mapId: 0 });
    t.registerMapOutput(0, 1, { location: bm('1'), mapId: 1 });
    const started = t.version;
    t.removeOutputsOnExecutor('1');
    expect(t.status(0, 1)).toBeNull();
    t.registerMapOutput(0, 1, { location: bm('2'), mapId: 5 });
    expect(t.statusAt(0, 1, started)).toEqual({ location: bm('1'), mapId: 1 });
    expect(t.statusAt(0, 0, started)).toEqual({ location: bm('1'), mapId: 0 });
    expect(t.statusAt(0, 1, t.version)).toEqual({ location: bm('2'), mapId: 5 });
    expect(t.statusAt(0, 0, t.version)).toBeNull();
  });

  it('agrees with statusesAt at every version', () => {
    const t = new MapOutputTracker();
    t.registerShuffle(3, 3);
    const versions = [t.version];
    for (let k = 0; k < 9; k++) {
      if (k % 3 === 2) t.unregisterMapOutput(3, k % 3, bm(String(k % 2)));
      else t.registerMapOutput(3, k % 3, { location: bm(String(k % 2)), mapId: 10 + k });
      versions.push(t.version);
    }
    for (const v of versions) {
      const all = t.statusesAt(3, v);
      expect([0, 1, 2].map((i) => t.statusAt(3, i, v))).toEqual(all);
    }
  });
});
