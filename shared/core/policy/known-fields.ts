type JsonSchema = Readonly<Record<string, unknown>>;

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : undefined;
}

/** The schemas a value at this point may follow: the schema itself, or each choice of a union. */
function choices(schema: JsonSchema): JsonSchema[] {
  const union = [...((schema.oneOf as unknown[]) ?? []), ...((schema.anyOf as unknown[]) ?? [])];
  return union.length === 0 ? [schema] : union.flatMap((s) => choices(asSchema(s) ?? {}));
}

/** The schemas of the value one step down `key` (a field name or a list index). */
function step(schema: JsonSchema, key: PropertyKey): JsonSchema[] {
  return choices(schema).flatMap((s) => {
    if (typeof key === 'number')
      return asSchema(s.items) === undefined ? [] : [asSchema(s.items) as JsonSchema];
    const property = asSchema(asSchema(s.properties)?.[String(key)]);
    if (property !== undefined) return [property];
    const rest = asSchema(s.additionalProperties);
    return rest === undefined ? [] : [rest];
  });
}

/**
 * The field names a JSON Schema allows for the object at `path` (a zod issue's path), across every
 * choice of a union; for a map such as `budgets.perClass`, its allowed keys. Empty when unknown.
 */
export function knownFields(root: JsonSchema, path: readonly PropertyKey[]): string[] {
  let schemas = [root];
  for (const key of path) schemas = schemas.flatMap((s) => step(s, key));
  const names = schemas
    .flatMap(choices)
    .flatMap((s) => [
      ...Object.keys(asSchema(s.properties) ?? {}),
      ...((asSchema(s.propertyNames)?.enum as unknown[]) ?? []).map(String),
    ]);
  return [...new Set(names)].filter((name) => name !== '$schema');
}
