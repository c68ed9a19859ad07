/** An XML element: its qualified name ("w:p"), attributes and children in order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/**
 * A small, strict XML parser for reading generated DOCX parts back in tests (no XML parser is installed).
 * It throws on malformed markup — an unclosed or mismatched tag, a bad entity — which is itself one of
 * the checks: Word refuses a document whose XML is not well formed.
 */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const tagPattern = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let position = 0;
  for (let match = tagPattern.exec(xml); match; match = tagPattern.exec(xml)) {
    appendText(stack[stack.length - 1]!, xml.slice(position, match.index));
    position = tagPattern.lastIndex;
    const [whole, closing, name, rawAttributes, selfClosing, cdata] = match;
    if (cdata !== undefined) {
      stack[stack.length - 1]!.children.push(cdata);
      continue;
    }
    if (!name) {
      if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
      throw new Error(`Unexpected markup at ${match.index}`);
    }
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0) throw new Error(`Mismatched </${name}> at ${match.index}`);
      continue;
    }
    const element: XmlElement = { name, attributes: parseAttributes(rawAttributes ?? ''), children: [] };
    stack[stack.length - 1]!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  appendText(stack[stack.length - 1]!, xml.slice(position));
  if (stack.length !== 1) throw new Error(`Unclosed <${stack[stack.length - 1]!.name}>`);
  const documentElement = root.children.find((child): child is XmlElement => typeof child !== 'string');
  if (!documentElement) throw new Error('No document element');
  return documentElement;
}

/** Every descendant element with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** The first descendant element with this name. */
export function findFirst(element: XmlElement, name: string): XmlElement | undefined {
  return findAll(element, name)[0];
}

/** The concatenated text of every descendant element with this name (for DOCX: "w:t"). */
export function textOf(element: XmlElement, textElementName = 'w:t'): string {
  return findAll(element, textElementName)
    .map((textElement) => textElement.children.filter((child): child is string => typeof child === 'string').join(''))
    .join('');
}

function appendText(element: XmlElement, raw: string): void {
  if (raw.includes('<')) throw new Error('Stray "<" in text');
  if (raw.length > 0) element.children.push(decodeEntities(raw));
}

function parseAttributes(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of raw.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[match[1]!] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text.replace(/&([^;\s]*);?/g, (whole, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (whole.endsWith(';')) {
      if (entity in named) return named[entity]!;
      const numeric = /^#(?:x([0-9a-f]+)|(\d+))$/i.exec(entity);
      if (numeric) return String.fromCodePoint(numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]));
    }
    throw new Error(`Bad entity "${whole}"`);
  });
}
