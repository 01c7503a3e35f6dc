// The order in which Scala 2.12's mutable.HashMap visits its entries, for integer keys. Spark 3.2
// keeps a TaskSetManager's TaskInfos in such a map (TID → info) and walks it on executor loss,
// so the order of Resubmitted and ExecutorLostFailure task ends is this order, not TID order.
//
// The rules, read from scala/collection/mutable/HashTable.scala (2.12): 16 buckets to start,
// doubled once more than 75% full; a key's bucket is the top bits of
// rotateRight(byteswap32(key.##), 4) (the seed is fixed when the map is built); a new entry goes
// to the head of its bucket; a resize walks the old buckets from the last, each from its head,
// and puts every entry at the head of its new bucket; iteration goes from the last bucket down,
// each bucket from its head. A Long key that fits in an Int hashes as that Int.
//
// Scala 2.12's mutable.HashSet is another table, FlatHashTable.scala: open addressing over 32 slots
// to start, grown to twice as many (every element added again, in slot order) once it holds
// 45% of them; an element's first slot is the top bits of rotateRight(byteswap32(key.##), s), s
// the number of one bits in (slots - 1), the next free slot taken on a collision; iteration goes
// up the slots. DAGScheduler keeps a job's stage ids in one (jobIdToStageIds), and JobStart lists
// them in its order: real logs show "Stage IDs":[5,3,4] and [5,6,4] (Spark 3.3.0-SNAPSHOT and 1.5.2
// fixtures in spark-event-logs/), which this order gives.

const INITIAL_BUCKETS = 16;
const SEED = 4; // Integer.bitCount(16 - 1), fixed at construction
const MULTIPLIER = 0x9e3775cd | 0; // scala.util.hashing.byteswap32

/** scala.util.hashing.byteswap32. */
function byteswap32(v: number): number {
  let hc = Math.imul(v, MULTIPLIER);
  hc = ((hc & 0xff) << 24) | ((hc & 0xff00) << 8) | ((hc >>> 8) & 0xff00) | (hc >>> 24);
  return Math.imul(hc, MULTIPLIER);
}

function bucketOf(key: number, buckets: number): number {
  const h = byteswap32(key);
  const rotated = (h >>> SEED) | (h << (32 - SEED));
  const shift = Math.clz32(buckets - 1);
  return (rotated >>> shift) & (buckets - 1);
}

/** The keys, inserted in `insertionOrder` into an empty map, in the order the map visits them. */
export function scalaHashMapOrder(insertionOrder: readonly number[]): number[] {
  let table: number[][] = Array.from({ length: INITIAL_BUCKETS }, () => []);
  let threshold = (INITIAL_BUCKETS * 3) / 4;
  let size = 0;
  for (const key of insertionOrder) {
    table[bucketOf(key, table.length)].unshift(key);
    size++;
    if (size > threshold) {
      const grown: number[][] = Array.from({ length: table.length * 2 }, () => []);
      for (let i = table.length - 1; i >= 0; i--) for (const k of table[i]) grown[bucketOf(k, grown.length)].unshift(k);
      table = grown;
      threshold = (table.length * 3) / 4;
    }
  }
  const order: number[] = [];
  for (let i = table.length - 1; i >= 0; i--) for (const k of table[i]) order.push(k);
  return order;
}

const SET_INITIAL_SLOTS = 32;
const SET_LOAD_FACTOR = 450; // per mille, FlatHashTable.defaultLoadFactor

function slotOf(key: number, slots: number): number {
  const bits = 31 - Math.clz32(slots); // slots is a power of two: bitCount(slots - 1)
  const h = byteswap32(key);
  const rotation = bits % 32;
  const rotated = (h >>> rotation) | (h << (32 - rotation));
  return (rotated >>> (32 - bits)) & (slots - 1);
}

/**
 * A Scala 2.12 mutable.HashSet of elements hashed by an integer key (`Stage.hashCode` is its id,
 * Stage.scala 3.2.0; an Int hashes as itself), kept slot for slot as FlatHashTable.scala keeps it:
 * linear probing on add; a removal shifts back each later element of the run whose first slot
 * does not lie after the hole (cyclically, within half the table); `clear` empties the slots
 * but keeps their number. DAGScheduler walks its waitingStages and failedStages in this order.
 */
export class ScalaHashSet<T> {
  private table: (T | null)[] = new Array<T | null>(SET_INITIAL_SLOTS).fill(null);
  private count = 0;

  constructor(private readonly keyOf: (element: T) => number) {}

  get size(): number {
    return this.count;
  }

  private slotFor(element: T): number {
    return slotOf(this.keyOf(element), this.table.length);
  }

  /** The slot holding an element with this element's key, or -1. */
  private find(element: T): number {
    const key = this.keyOf(element);
    for (let slot = this.slotFor(element); this.table[slot] !== null; slot = (slot + 1) % this.table.length) {
      if (this.keyOf(this.table[slot]!) === key) return slot;
    }
    return -1;
  }

  has(element: T): boolean {
    return this.find(element) !== -1;
  }

  add(element: T): boolean {
    let slot = this.slotFor(element);
    const key = this.keyOf(element);
    while (this.table[slot] !== null) {
      if (this.keyOf(this.table[slot]!) === key) return false;
      slot = (slot + 1) % this.table.length;
    }
    this.table[slot] = element;
    this.count++;
    if (this.count >= Math.trunc((this.table.length * SET_LOAD_FACTOR) / 1000)) this.grow();
    return true;
  }

  /** Twice the slots, every element added again in slot order. */
  private grow(): void {
    const old = this.table;
    this.table = new Array<T | null>(old.length * 2).fill(null);
    this.count = 0;
    for (const element of old) if (element !== null) this.add(element);
  }

  delete(element: T): boolean {
    let hole = this.find(element);
    if (hole === -1) return false;
    const length = this.table.length;
    // FlatHashTable.removeElem's `precedes`: i comes before j within half the table, cyclically.
    const precedes = (i: number, j: number): boolean => (i <= j ? j - i < length >> 1 : i - j > length >> 1);
    for (let next = (hole + 1) % length; this.table[next] !== null; next = (next + 1) % length) {
      const home = this.slotFor(this.table[next]!);
      if (home !== next && precedes(home, hole)) {
        this.table[hole] = this.table[next];
        hole = next;
      }
    }
    this.table[hole] = null;
    this.count--;
    return true;
  }

  clear(): void {
    this.table.fill(null);
    this.count = 0;
  }

  /** The elements in the set's iteration order: up the slots. */
  values(): T[] {
    return this.table.filter((element): element is T => element !== null);
  }
}

/** The keys, added in `insertionOrder` to an empty mutable.HashSet[Int], in the order the set visits them. */
export function scalaHashSetOrder(insertionOrder: readonly number[]): number[] {
  const set = new ScalaHashSet<number>((key) => key);
  for (const key of insertionOrder) set.add(key);
  return set.values();
}
