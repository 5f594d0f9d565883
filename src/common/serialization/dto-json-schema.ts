import type { Type } from '@nestjs/common';

/** A JSON schema as fast-json-stringify reads it (the subset a response DTO needs). */
export interface JsonSchema {
  type: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

// The keys @nestjs/swagger's @ApiProperty writes its metadata under (its DECORATORS constants, not exported).
const PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

interface PropertyMetadata {
  type?: unknown;
  isArray?: boolean;
  nullable?: boolean;
}

const PRIMITIVES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [Date, 'string'],
]);

function typeOf(type: unknown, owner: string, key: string): JsonSchema {
  const primitive = PRIMITIVES.get(type) ?? (typeof type === 'string' && type !== 'array' ? type : undefined);
  if (primitive) return { type: primitive };
  if (typeof type === 'function') return dtoJsonSchema(type as Type);
  throw new Error(`${owner}.${key}: no JSON schema type for the response serializer; give @ApiProperty a type`);
}

/**
 * The response schema of a DTO class, read from the same @ApiProperty metadata that produces the committed
 * OpenAPI document, so the contract and the serializer cannot drift apart. Fastify compiles it with
 * fast-json-stringify, which writes the known properties in this order instead of walking the object: the same
 * bytes as JSON.stringify for objects the DTO's mapper built (same key order, undefined left out), faster. A
 * property without metadata would be dropped, so every field of a response DTO needs @ApiProperty.
 */
export function dtoJsonSchema(dto: Type): JsonSchema {
  const keys = (Reflect.getMetadata(PROPERTIES_ARRAY, dto.prototype) as string[] | undefined) ?? [];
  if (keys.length === 0) throw new Error(`${dto.name} has no @ApiProperty fields to build a response schema from`);
  const properties: Record<string, JsonSchema> = {};
  for (const prefixed of keys) {
    const key = prefixed.slice(1);
    const meta = (Reflect.getMetadata(PROPERTY, dto.prototype, key) as PropertyMetadata | undefined) ?? {};
    let schema = typeOf(meta.type, dto.name, key);
    if (meta.isArray) schema = { type: 'array', items: schema };
    if (meta.nullable) schema = { ...schema, type: [schema.type as string, 'null'] };
    properties[key] = schema;
  }
  return { type: 'object', properties };
}
