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
