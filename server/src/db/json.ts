/** JSON values as stored in Json columns (settings, params, payloads). */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
/** An object payload. Interfaces without an index signature are accepted; values must be plain JSON. */
export type JsonObject = Record<string, unknown>;
