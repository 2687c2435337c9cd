/**
 * Brings a record held in memory up to date with a fresh copy, in place: whoever holds the record (or
 * an object inside it) sees the new values, as with the lowdb store, whose records change in place.
 */
export function assignDeep<T extends object>(target: T, fresh: T): T {
  const into = target as Record<string, unknown>;
  const from = fresh as Record<string, unknown>;
  for (const key of Object.keys(into)) if (!(key in from)) delete into[key];
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    if (Array.isArray(value) && Array.isArray(current)) {
      current.length = Math.min(current.length, value.length);
      value.forEach((element, index) => {
        current[index] =
          isPlainObject(element) && isPlainObject(current[index])
            ? assignDeep(current[index] as object, element)
            : element;
      });
    } else if (isPlainObject(value) && isPlainObject(current)) assignDeep(current as object, value as object);
    else into[key] = value;
  }
  return target;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
