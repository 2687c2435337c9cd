/**
 * A small XML reader for what libvirt prints (`virsh capabilities`, `virsh domcapabilities`): elements,
 * attributes in either quotes, text, comments, CDATA, processing instructions and a doctype are read;
 * entities are decoded. Malformed input never throws: an unclosed element ends where the text does, a
 * stray closing tag is ignored. Pure.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number(entity.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The document's root element (a synthetic one holding several roots, or none); never throws. */
export function parseXml(input: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < input.length) {
    const open = input.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    if (open < 0) {
      top.text += decode(input.slice(i));
      break;
    }
    if (open > i) top.text += decode(input.slice(i, open));
    if (input.startsWith('<!--', open)) {
      const end = input.indexOf('-->', open + 4);
      i = end < 0 ? input.length : end + 3;
    } else if (input.startsWith('<![CDATA[', open)) {
      const end = input.indexOf(']]>', open + 9);
      top.text += input.slice(open + 9, end < 0 ? input.length : end);
      i = end < 0 ? input.length : end + 3;
    } else if (input.startsWith('<?', open) || input.startsWith('<!', open)) {
      const end = input.indexOf('>', open);
      i = end < 0 ? input.length : end + 1;
    } else {
      const end = input.indexOf('>', open);
      if (end < 0) break;
      const body = input.slice(open + 1, end);
      i = end + 1;
      if (body.startsWith('/')) {
        const name = body.slice(1).trim();
        const at = stack.map((e) => e.name).lastIndexOf(name);
        if (at > 0) stack.length = at;
        continue;
      }
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const name = /^[^\s/>]+/.exec(inner)?.[0];
      if (!name) continue;
      const attrs: Record<string, string> = {};
      for (const match of inner.slice(name.length).matchAll(ATTRIBUTE))
        attrs[match[1] as string] = decode(match[2] ?? match[3] ?? '');
      const element: XmlElement = { name, attrs, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  return root.children.length === 1 && !root.text.trim() ? (root.children[0] as XmlElement) : root;
}

/** The first element down a path of names (`child(root, 'host', 'cpu')`), or undefined. */
export function child(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let at = element;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at;
}

/** Every direct child of a name. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}
