// JSON text as Spark's event log writes it: compact, keys in insertion order, and Java doubles
// printed as Java prints them (`1.0`, not `1`), since a few Spark fields are doubles (a resource
// request's amount, a streaming source's rows per second). Everything else is JSON.stringify's.

/** A number Spark holds as a Java double: written with Double.toString's form. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** A finite double's text as Double.toString prints it; a non-finite one as Jackson quotes it. */
function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return scientific(x);
  const text = String(x);
  return Number.isInteger(x) ? `${text}.0` : text;
}

/** Double.toString's computerized scientific notation: 1.0E7, 1.5E-4. */
function scientific(x: number): string {
  const [mantissa, exponent] = x.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

// A finite JavaDouble goes through JSON.stringify as a marked string, unquoted afterwards: the
// control character in the mark is escaped as \u0001 in the output, so no other text matches.
const MARK = '\u0001JavaDouble:';
const MARKED = /"\\u0001JavaDouble:([^"]*)"/g;

/** JSON.stringify's text, with Java doubles as Java prints them (Jackson's quoted NaN and Infinity). */
export function sparkJsonText(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof JavaDouble)) return v;
    if (!Number.isFinite(v.value)) return javaDouble(v.value);
    marked = true;
    return MARK + javaDouble(v.value);
  });
  return marked ? text.replace(MARKED, '$1') : text;
}
