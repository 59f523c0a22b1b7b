import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { renamePlaceholder } from '../../../shared/command-template';
import { PARAM_TYPES, type ParamType } from '../../../shared/search-space';
import { listText, parseListText, parseScalarText, scalarText, type ScalarValue } from './yaml-draft';

/**
 * The search-space editor's rows: one per parameter of `space`, in file order, read from the
 * draft's data and edited in the draft's Document (yaml-draft.ts says why). Rows are addressed by
 * position, because a name is being typed while it is edited and may be empty or repeated.
 */

export type Scale = 'linear' | 'log' | 'reverse-log';
export const SCALES: readonly Scale[] = ['linear', 'log', 'reverse-log'];

export interface ParamRow {
  readonly name: string;
  /** As written; may be a type Tundra does not know (the row then says so). */
  readonly type: string;
  readonly low: string;
  readonly high: string;
  readonly scale: Scale;
  readonly step: string;
  readonly default: string;
  readonly choices: string;
  readonly value: string;
  /** The condition's parameter, or '' for "always". */
  readonly whenParent: string;
  readonly whenValues: string;
  /** A condition on more than one parameter: shown, edited in the YAML. */
  readonly whenText: string | null;
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function scaleOf(param: Readonly<Record<string, unknown>>): Scale {
  if (param.reverse_log === true) return 'reverse-log';
  return param.log === true ? 'log' : 'linear';
}

function rowOf(name: string, value: unknown): ParamRow {
  const param = record(value);
  const when = record(param.when);
  const clauses = Object.entries(when);
  const single = clauses.length === 1 ? clauses[0]! : null;
  return {
    name,
    type: scalarText(param.type),
    low: scalarText(param.low),
    high: scalarText(param.high),
    scale: scaleOf(param),
    step: scalarText(param.step),
    default: scalarText(param.default),
    choices: listText(param.choices),
    value: scalarText(param.value),
    whenParent: single?.[0] ?? '',
    whenValues: single ? listText(single[1]) : '',
    whenText: clauses.length > 1 ? clauses.map(([parent, wanted]) => `${parent} = ${listText(wanted)}`).join(' and ') : null,
  };
}

/** Whether `space` can be edited as rows: absent (the first row creates it) or a mapping. */
export function spaceIsEditable(data: Readonly<Record<string, unknown>>): boolean {
  return data.space === undefined || data.space === null || record(data.space) === data.space;
}

/** `keys`: the names in file order (DraftRead.spaceKeys). */
export function readRows(data: Readonly<Record<string, unknown>>, keys: readonly string[]): ParamRow[] {
  const space = record(data.space);
  return keys.map((name) => rowOf(name, space[name]));
}

function spaceMap(doc: Document): YAMLMap {
  const existing = doc.getIn(['space'], true);
  if (isMap(existing)) return existing;
  const created = doc.createNode({});
  doc.setIn(['space'], created);
  return created;
}

function pairAt(doc: Document, index: number): Pair | undefined {
  return spaceMap(doc).items[index];
}

function paramMap(doc: Document, index: number): YAMLMap | undefined {
  const pair = pairAt(doc, index);
  return pair && isMap(pair.value) ? pair.value : undefined;
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

export function paramNames(doc: Document): string[] {
  return spaceMap(doc).items.map(keyText);
}

/** `lr_copy`, `lr_copy2`, ...: a name no parameter has yet. */
export function freshName(taken: readonly string[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

/** A one-line `{type: float, low: 0, high: 1}` like the examples write them. */
function flowParam(doc: Document, value: Record<string, unknown>): Node {
  const node = doc.createNode(value) as YAMLMap;
  node.flow = true;
  return node;
}

export function addParam(doc: Document): number {
  const space = spaceMap(doc);
  const name = freshName(paramNames(doc), 'param');
  space.items.push(doc.createPair(name, flowParam(doc, { type: 'float', low: 0, high: 1 })));
  return space.items.length - 1;
}

/**
 * Refuses (returns false) a name another row has: a mapping cannot hold it twice. What refers to
 * the parameter follows it: `{old}` in the command's arguments and `old` in other parameters'
 * `when`. Each keystroke is a rename, so the references follow the name as it is typed (through
 * an empty name too: `{}` turns back into `{new}` on the next key).
 */
export function renameParam(doc: Document, index: number, name: string): boolean {
  const pair = pairAt(doc, index);
  if (!pair) return false;
  if (paramNames(doc).some((other, i) => i !== index && other === name)) return false;
  const old = keyText(pair);
  if (isScalar(pair.key)) pair.key.value = name;
  else pair.key = doc.createNode(name);
  if (old !== name) renameReferences(doc, old, name);
  return true;
}

function renameReferences(doc: Document, from: string, to: string): void {
  const command = doc.getIn(['command'], true);
  if (isSeq(command)) {
    for (const item of command.items) {
      if (isScalar(item) && typeof item.value === 'string') item.value = renamePlaceholder(item.value, from, to);
    }
  }
  for (const param of spaceMap(doc).items) {
    const when = isMap(param.value) ? param.value.get('when', true) : undefined;
    if (!isMap(when)) continue;
    const clauses = when.items;
    // A condition that already tests `to` (a stale name) keeps both clauses apart rather than merging them.
    if (clauses.some((clause) => keyText(clause) === to)) continue;
    for (const clause of clauses) {
      if (keyText(clause) !== from) continue;
      if (isScalar(clause.key)) clause.key.value = to;
      else clause.key = doc.createNode(to);
    }
  }
}

export function moveParam(doc: Document, from: number, to: number): boolean {
  const items = spaceMap(doc).items;
  if (from < 0 || to < 0 || from >= items.length || to >= items.length || from === to) return false;
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved!);
  return true;
}

export function duplicateParam(doc: Document, index: number): number {
  const space = spaceMap(doc);
  const pair = space.items[index];
  if (!pair) return index;
  const name = freshName(paramNames(doc), `${keyText(pair)}_copy`);
  const value = isMap(pair.value) ? pair.value.clone() : doc.createNode(pair.value);
  space.items.splice(index + 1, 0, doc.createPair(name, value));
  return index + 1;
}

export function deleteParam(doc: Document, index: number): void {
  spaceMap(doc).items.splice(index, 1);
}

/** The fields each type may have (shared/search-space.ts), besides `type` and `when`. */
const FIELDS_OF: Readonly<Record<ParamType, readonly string[]>> = {
  float: ['low', 'high', 'log', 'reverse_log', 'step', 'values', 'default'],
  int: ['low', 'high', 'log', 'step', 'values', 'default'],
  categorical: ['choices', 'default'],
  bool: ['default'],
  fixed: ['value'],
};

export function isParamType(type: string): type is ParamType {
  return (PARAM_TYPES as readonly string[]).includes(type);
}

/**
 * Changes the type and keeps what still means something (the range between float and int, the
 * condition always); fields the new type cannot have are removed, missing ones get a start value.
 */
export function setParamType(doc: Document, index: number, type: ParamType): void {
  const param = paramMap(doc, index);
  if (!param) return;
  const old = record(param.toJS(doc));
  for (const key of Object.keys(old)) if (key !== 'type' && key !== 'when' && !FIELDS_OF[type].includes(key)) param.delete(key);
  param.set('type', type);
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? (type === 'int' ? Math.round(value) : value) : fallback);
  switch (type) {
    case 'float':
    case 'int': {
      const low = number(old.low, 0);
      const high = number(old.high, type === 'int' ? 10 : 1);
      param.set('low', low);
      param.set('high', high > low ? high : low + 1);
      if (type === 'int') for (const key of ['step', 'default'] as const) if (typeof old[key] === 'number') param.set(key, Math.round(old[key]));
      if (old.default !== undefined && typeof old.default !== 'number') param.delete('default');
      return;
    }
    case 'categorical':
      if (!Array.isArray(old.choices)) {
        param.set('choices', doc.createNode(['a', 'b'], { flow: true }));
        param.delete('default');
      }
      return;
    case 'bool':
      if (typeof old.default !== 'boolean') param.delete('default');
      return;
    case 'fixed':
      if (old.value === undefined) param.set('value', typeof old.default === 'string' || typeof old.default === 'number' ? old.default : 'x');
      return;
  }
}

export function setParamScale(doc: Document, index: number, scale: Scale): void {
  const param = paramMap(doc, index);
  if (!param) return;
  switch (scale) {
    case 'linear':
      param.delete('reverse_log');
      if (param.has('log')) param.delete('log');
      return;
    case 'log':
      param.delete('reverse_log');
      param.set('log', true);
      return;
    case 'reverse-log':
      param.delete('log');
      param.set('reverse_log', true);
      return;
  }
}

/** low, high, step, default or value, typed as text: a number when it reads as one. */
export function setParamValue(doc: Document, index: number, key: 'low' | 'high' | 'step' | 'default' | 'value', text: string): void {
  const param = paramMap(doc, index);
  if (!param) return;
  const value = parseScalarText(text);
  if (value === undefined) param.delete(key);
  else param.set(key, value);
}

export function setParamChoices(doc: Document, index: number, text: string): void {
  const param = paramMap(doc, index);
  if (!param) return;
  const choices = doc.createNode(parseListText(text), { flow: true });
  param.set('choices', choices);
}

/** `when: {parent: value}` (or a list of values); no parent means the parameter is always active. */
export function setParamCondition(doc: Document, index: number, parent: string, valuesText: string): void {
  const param = paramMap(doc, index);
  if (!param) return;
  if (parent === '') {
    param.delete('when');
    return;
  }
  const values = parseListText(valuesText);
  const wanted: ScalarValue | ScalarValue[] = values.length === 1 ? values[0]! : values;
  const when = doc.createNode({ [parent]: wanted }, { flow: true });
  param.set('when', when);
}
