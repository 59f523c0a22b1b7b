import { isMap, isScalar, parseDocument, type Document } from 'yaml';

/**
 * The draft's YAML text is the one source of truth: the form is read from it and every form edit
 * is applied to its parsed Document and written back as text. Editing the Document in place (not
 * rebuilding the file from a model) keeps the user's comments, key order, flow or block style and
 * every field the form does not know.
 */

export type DraftRead =
  | {
      readonly kind: 'ok';
      readonly data: Readonly<Record<string, unknown>>;
      /**
       * The parameters' names in file order. Plain data cannot be trusted for that: JavaScript
       * lists integer-like keys (`2`, typed on the way to `2x`) first, and rows are addressed by position.
       */
      readonly spaceKeys: readonly string[];
    }
  | { readonly kind: 'error'; readonly message: string };

/** Options that keep the written text close to what people type (and to the bundled examples). */
const WRITE_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

function parse(yaml: string): { ok: true; doc: Document } | { ok: false; message: string } {
  const doc = parseDocument(yaml, { prettyErrors: true });
  const error = doc.errors[0];
  if (error !== undefined) return { ok: false, message: error.message };
  if (doc.contents !== null && !isMap(doc.contents)) {
    return { ok: false, message: 'The file must be a mapping (name: ..., command: ..., space: ...); the form can edit it once it is.' };
  }
  return { ok: true, doc };
}

/** The draft as plain data for the form, or why the form has to wait (the text does not parse). */
export function readDraft(yaml: string): DraftRead {
  const parsed = parse(yaml);
  if (!parsed.ok) return { kind: 'error', message: parsed.message };
  const data: unknown = parsed.doc.toJS();
  const space = parsed.doc.getIn(['space'], true);
  const spaceKeys = isMap(space) ? space.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)) : [];
  return { kind: 'ok', data: data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {}, spaceKeys };
}

export type DocumentEdit = (doc: Document) => void;

/** Applies one form edit to the text; text that does not parse is returned unchanged (the form is disabled then). */
export function editDraft(yaml: string, edit: DocumentEdit): string {
  const parsed = parse(yaml);
  if (!parsed.ok) return yaml;
  edit(parsed.doc);
  return parsed.doc.toString(WRITE_OPTIONS);
}

export type YamlPath = readonly (string | number)[];

/**
 * Sets a value, or removes it when `value` is undefined. A removal that leaves a top-level
 * section empty (`resource: {}`) removes the section too, so clearing a field never leaves behind
 * a half-written section that the schema would refuse.
 */
export function setPath(doc: Document, path: YamlPath, value: unknown): void {
  if (value !== undefined) {
    doc.setIn(path, value);
    return;
  }
  if (!doc.hasIn(path)) return;
  doc.deleteIn(path);
  const section = path.slice(0, -1);
  if (section.length === 1 && section[0] !== 'space') {
    const parent = doc.getIn(section, true);
    if (isMap(parent) && parent.items.length === 0) doc.deleteIn(section);
  }
}

/** YAML 1.2 core numbers, as the file's parser reads them. */
const NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

export type ScalarValue = string | number | boolean;

/**
 * What a typed value means, the way YAML would read it unquoted: `0.01` a number, `true` a
 * boolean, anything else a string; empty is "not set". A string where a number belongs is kept as
 * typed, so the schema names the field ("low must be a number") instead of the form eating it.
 */
export function parseScalarText(text: string): ScalarValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (NUMBER.test(trimmed)) return Number(trimmed);
  return trimmed;
}

/** A value as a text box shows it; the inverse of parseScalarText for what it produces. */
export function scalarText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A list item that would read back as something else (`"1"`, `"a, b"`) is shown quoted. */
function itemText(value: unknown): string {
  if (typeof value === 'string') {
    const plain = value.trim() === value && !value.includes(',') && !value.includes('"') && value !== '';
    return plain && parseScalarText(value) === value ? value : JSON.stringify(value);
  }
  return scalarText(value);
}

/** `relu, tanh, 0.5`: a list as one text box shows it. */
export function listText(value: unknown): string {
  if (!Array.isArray(value)) return scalarText(value);
  return value.map(itemText).join(', ');
}

/** Reads `relu, "a, b", 3, true` into items; empty items are dropped; double quotes keep text as a string. */
export function parseListText(text: string): ScalarValue[] {
  const items: ScalarValue[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  for (let match = pattern.exec(text); match !== null && match.index < text.length; match = pattern.exec(text)) {
    if (match[1] !== undefined) {
      items.push(match[1].replace(/\\(.)/g, '$1'));
      continue;
    }
    const value = parseScalarText(match[2] ?? '');
    if (value !== undefined) items.push(value);
  }
  return items;
}
