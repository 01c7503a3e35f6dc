// JSON text as Spark's event log writes it: compact, keys in insertion order, and Java doubles
// printed as Java prints them (`1.0`, not `1`), since a few Spark fields are doubles (a resource
// request's amount, a streaming source's rows per second). Everything else is JSON.stringify's.

/** A number Spark holds as a Java double: written with Double.toString's form. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** Jackson writes a non-finite double as a quoted string (QUOTE_NON_NUMERIC_NUMBERS). */
function javaDoubleText(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (!Number.isFinite(x)) return x > 0 ? '"Infinity"' : '"-Infinity"';
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

export function sparkJsonText(value: unknown): string {
  if (value instanceof JavaDouble) return javaDoubleText(value.value);
  if (Array.isArray(value)) return `[${value.map(sparkJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${sparkJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
