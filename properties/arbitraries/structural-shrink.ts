// An arbitrary that generates exactly what its inner one does (the same draws, so fixed seeds give
// the same scenarios) and shrinks in two stages: fast-check's shrinks of the raw draws first, then,
// when none of those fails any more, the structural edits of scenario-shrink.ts (a simpler mode,
// an RDD no job needs dropped, and so on). A value an edit made has no raw draws behind it, so from
// there on only edits shrink it; the result is minimal under every edit.
import fc from 'fast-check';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import type { Mode } from './scenario.js';
import { modeShrinks, scenarioShrinks } from './scenario-shrink.js';

/** The context of a value: the inner arbitrary's, or none for a value an edit made. */
interface StructuralContext {
  inner?: unknown;
  fromInner: boolean;
}

/** Edited scenarios as values with no raw draws behind them. */
function* asValues(candidates: Iterable<ScenarioInput>): Generator<fc.Value<ScenarioInput>> {
  for (const s of candidates) yield new fc.Value(s, { fromInner: false } satisfies StructuralContext);
}

class StructuralShrinkArbitrary extends fc.Arbitrary<ScenarioInput> {
  constructor(
    private readonly inner: fc.Arbitrary<ScenarioInput>,
    private readonly modes: readonly Mode[],
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<ScenarioInput> {
    const v = this.inner.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { inner: v.context, fromInner: true } satisfies StructuralContext);
  }

  canShrinkWithoutContext(value: unknown): value is ScenarioInput {
    return typeof value === 'object' && value !== null && 'workload' in value && 'cluster' in value;
  }

  shrink(value: ScenarioInput, context: unknown): fc.Stream<fc.Value<ScenarioInput>> {
    const c = context as StructuralContext | undefined;
    if (c === undefined || !c.fromInner) return fc.stream(asValues(scenarioShrinks(value, this.modes)));
    // A simpler mode is tried before every raw shrink: from a large counterexample first, whose
    // many faults give the bug its best chance to show in batch too.
    const modes = fc.stream(asValues(modeShrinks(value, this.modes)));
    const raw = this.inner.shrink(value, c.inner).map((v) => new fc.Value(v.value_, { inner: v.context, fromInner: true } satisfies StructuralContext));
    return modes.join(raw, fc.stream(asValues(scenarioShrinks(value, this.modes, true))));
  }
}

/** `inner`, shrinking further by structural edits within `modes`. */
export function withStructuralShrinks(inner: fc.Arbitrary<ScenarioInput>, modes: readonly Mode[]): fc.Arbitrary<ScenarioInput> {
  return new StructuralShrinkArbitrary(inner, modes);
}
