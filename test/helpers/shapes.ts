/**
 * Strict JSON shapes learnt from recorded answers of a real cloud, and a check of other answers
 * against them: every key at every depth, the JSON type of every value, every array element.
 *
 * A shape is learnt from one or more samples of the same endpoint (a field null in one record and a
 * string in another allows both). Objects whose keys are data (a server's `metadata`, Placement's
 * `inventories` keyed by resource class, `allocations` keyed by provider UUID) are declared as maps:
 * their values are learnt together under `*`.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export interface Shape {
  types: Set<JsonType>;
  /** object fields: every key seen, and those present in every sample */
  fields?: Map<string, Shape>;
  required?: Set<string>;
  /** the shape of every element seen in arrays here */
  items?: Shape;
  /** values of a map-like object */
  values?: Shape;
}

export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

/** Paths (like `$.server.metadata`) whose objects are maps from data keys to values. */
export type MapPaths = (path: string) => boolean;

export function learn(samples: unknown[], isMap: MapPaths = () => false, path = '$'): Shape {
  const shape: Shape = { types: new Set(samples.map(typeOf)) };
  const objects = samples.filter((s) => typeOf(s) === 'object') as Record<string, unknown>[];
  if (objects.length && isMap(path)) {
    shape.values = learn(
      objects.flatMap((o) => Object.values(o)),
      isMap,
      `${path}.*`,
    );
  } else if (objects.length) {
    const keys = new Set(objects.flatMap((o) => Object.keys(o)));
    shape.fields = new Map(
      [...keys].map((key) => [
        key,
        learn(
          objects.filter((o) => key in o).map((o) => o[key]),
          isMap,
          `${path}.${key}`,
        ),
      ]),
    );
    shape.required = new Set([...keys].filter((key) => objects.every((o) => key in o)));
  }
  const elements = samples.filter(Array.isArray).flat();
  if (elements.length) shape.items = learn(elements, isMap, `${path}[]`);
  return shape;
}

/** Every difference between `value` and the learnt shape, one line each; empty when it conforms. */
export function check(shape: Shape, value: unknown, path = '$'): string[] {
  const type = typeOf(value);
  if (!shape.types.has(type))
    return [`${path}: ${type} where real Nova answered ${[...shape.types].join(' or ')}`];
  const problems: string[] = [];
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    if (shape.values) {
      for (const [key, inner] of Object.entries(object))
        problems.push(...check(shape.values, inner, `${path}.${key}`));
    } else if (shape.fields) {
      for (const key of Object.keys(object))
        if (!shape.fields.has(key)) problems.push(`${path}.${key}: not in real Nova's answer`);
      for (const key of shape.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: missing`);
      for (const [key, inner] of Object.entries(object)) {
        const field = shape.fields.get(key);
        if (field) problems.push(...check(field, inner, `${path}.${key}`));
      }
    }
  }
  if (type === 'array') {
    const array = value as unknown[];
    if (array.length && !shape.items)
      problems.push(`${path}: real Nova answered only empty lists here; cannot check`);
    const items = shape.items;
    if (items)
      for (const [i, element] of array.entries()) problems.push(...check(items, element, `${path}[${i}]`));
  }
  return problems;
}

/** Reads a recorded answer: comment lines (`# GET …`) first, then the JSON body. */
export function recordedBody(text: string): unknown {
  return JSON.parse(
    text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
  );
}

/**
 * Adds what `values` show to the shape at `path` (`$.a.b[].c`): for a field whose type depends on a
 * state the recorded answers did not catch, shown by another real answer or Nova's own source.
 */
export function widen(shape: Shape, path: string, values: unknown[]): void {
  let node = shape;
  for (const step of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    const [key, ...brackets] = step.split('[]');
    const field = node.fields?.get(key as string);
    if (!field) throw new Error(`widen: no field ${key} on the way to ${path}`);
    node = field;
    for (const _ of brackets) {
      if (!node.items) node.items = { types: new Set() };
      node = node.items;
    }
  }
  if (node.values) {
    // a map (a server's `addresses`): what the given maps' values show widens every value's shape
    const inner = values.flatMap((value) =>
      typeOf(value) === 'object' ? Object.values(value as Record<string, unknown>) : [],
    );
    node = node.values;
    values = inner;
  }
  const learnt = learn(values);
  for (const type of learnt.types) node.types.add(type);
  if (learnt.fields && !node.fields) {
    node.fields = learnt.fields;
    node.required = learnt.required ?? new Set();
  }
  if (learnt.items && !node.items) node.items = learnt.items;
}

/** The values at `path` (`$.a.b[].c`) of a JSON document. */
export function valuesAt(document: unknown, path: string): unknown[] {
  let values = [document];
  for (const step of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    const [key, ...brackets] = step.split('[]');
    values = values
      .map((value) => (value as Record<string, unknown>)?.[key as string])
      .filter((v) => v !== undefined);
    for (const _ of brackets) values = values.flatMap((value) => (Array.isArray(value) ? value : []));
  }
  return values;
}
