// Just enough XML for the KML export: escaping text for it, and a small reader (elements,
// attributes, text, entities, comments, CDATA) for reading our own files back without a DOM.
import { ExportError } from './types';

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe inside an element or a quoted attribute; characters XML cannot carry become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // A reader normalises a raw CR (and CRLF) to LF; a character reference keeps it.
    .replace(/\r/g, '&#13;');
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, concatenated (not its children's). */
  readonly text: string;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces entities in `raw`; `at(offset)` names the place of a bad one for the message. */
function decodeEntities(raw: string, at: (offset: number) => string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (whole, name: string | undefined, offset: number) => {
    const where = () => at(offset);
    if (name === undefined) throw new ExportError(`${where()}: a bare "&" (it must be written &amp;).`);
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff)) throw new ExportError(`${where()}: ${whole} is not a character.`);
      return String.fromCodePoint(code);
    }
    const found = NAMED[name];
    if (found === undefined) throw new ExportError(`${where()}: unknown entity ${whole}.`);
    return found;
  });
}

const NAME = /[A-Za-z_:][-\w.:]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

interface Open {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a document and returns its root element. Refuses anything malformed. */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/\r\n?/g, '\n');
  let i = 0;
  const lineAt = (offset: number) => `Line ${text.slice(0, offset).split('\n').length}`;
  const line = () => lineAt(i);
  const stack: Open[] = [];
  let root: XmlElement | null = null;

  const skipPast = (end: string, what: string) => {
    const found = text.indexOf(end, i);
    if (found < 0) throw new ExportError(`${line()}: ${what} is never closed.`);
    const inner = text.slice(i, found);
    i = found + end.length;
    return inner;
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk) {
      const top = stack[stack.length - 1];
      const start = i;
      if (top) top.text += decodeEntities(chunk, (offset) => lineAt(start + offset));
      else if (chunk.trim()) throw new ExportError(`${line()}: text outside the root element.`);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<?', i)) {
      i += 2;
      skipPast('?>', 'a processing instruction');
    } else if (text.startsWith('<!--', i)) {
      i += 4;
      skipPast('-->', 'a comment');
    } else if (text.startsWith('<![CDATA[', i)) {
      i += 9;
      const data = skipPast(']]>', 'a CDATA section');
      const top = stack[stack.length - 1];
      if (!top) throw new ExportError(`${line()}: CDATA outside the root element.`);
      top.text += data;
    } else if (text.startsWith('<!', i)) {
      throw new ExportError(`${line()}: document type declarations are not accepted.`);
    } else if (text.startsWith('</', i)) {
      i += 2;
      NAME.lastIndex = i;
      const match = NAME.exec(text);
      const open = stack.pop();
      if (!match || !open || match[0] !== open.name) throw new ExportError(`${line()}: a closing tag does not match the open element.`);
      i = NAME.lastIndex;
      skipPast('>', 'a closing tag');
      const element: XmlElement = open;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else root = element;
    } else {
      if (root) throw new ExportError(`${line()}: a second root element.`);
      i += 1;
      NAME.lastIndex = i;
      const match = NAME.exec(text);
      if (!match) throw new ExportError(`${line()}: a "<" that starts no tag.`);
      i = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = i;
        const attribute = ATTRIBUTE.exec(text);
        if (!attribute) break;
        attributes[attribute[1]!] = decodeEntities(attribute[2] ?? attribute[3] ?? '', () => line());
        i = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(text[i] ?? '')) i++;
      const element: Open = { name: match[0], attributes, children: [], text: '' };
      if (text.startsWith('/>', i)) {
        i += 2;
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(element);
        else root = element;
      } else if (text[i] === '>') {
        i += 1;
        stack.push(element);
      } else {
        throw new ExportError(`${line()}: a malformed tag <${match[0]}.`);
      }
    }
  }
  if (stack.length > 0) throw new ExportError(`The XML ends inside <${stack[stack.length - 1]!.name}>.`);
  if (!root) throw new ExportError('The XML has no root element.');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
