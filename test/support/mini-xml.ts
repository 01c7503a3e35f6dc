// Test helper: a strict little XML reader for the JUnit reports (elements, attributes, text and the
// five predefined entities plus character references); it throws on anything not well-formed.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`raw < in ${where}: ${s}`);
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) throw new Error(`a control character in ${where}`);
  return s.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`a bare & in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref];
    const code = /^#x([0-9a-f]+)$/i.exec(ref) ?? /^#([0-9]+)$/.exec(ref);
    if (code === null) throw new Error(`unknown entity &${ref}; in ${where}`);
    return String.fromCodePoint(parseInt(code[1], ref.startsWith('#x') ? 16 : 10));
  });
}

/** Parses `xml` (with an optional XML declaration) into its root element. */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const token = /<\/([A-Za-z][\w.-]*)\s*>|<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: XmlElement[] = [{ name: '#document', attrs: {}, children: [], text: '' }];
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = token.exec(body)) !== null) {
    at = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) {
      if (top.name !== m[1] || stack.length === 1) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([A-Za-z][\w.-]*)\s*=\s*"([^"]*)"/g)) {
        if (a[1] in attrs) throw new Error(`attribute ${a[1]} twice`);
        attrs[a[1]] = decode(a[2], `attribute ${a[1]}`);
      }
      const el: XmlElement = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (m[4] !== '/') stack.push(el);
    } else {
      const text = decode(m[5], `<${top.name}>`);
      if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root element');
      top.text += text;
    }
  }
  if (at !== body.length) throw new Error(`not well-formed at ${at}: ${body.slice(at, at + 40)}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  const roots = stack[0].children;
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  return roots[0];
}

/** Every descendant element named `name`. */
export function elements(e: XmlElement, name: string): XmlElement[] {
  return e.children.flatMap((c) => [...(c.name === name ? [c] : []), ...elements(c, name)]);
}
