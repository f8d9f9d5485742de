/**
 * Kubernetes field selectors (`metadata.name=x,type!=Normal`), parsed and matched like
 * k8s.io/apimachinery/pkg/fields. Real kube-apiserver supports a fixed set of fields per kind;
 * the sim resolves any dotted path instead, so scenario authors are not surprised by a 400.
 */
import { StoreError } from "./errors.js";
import { getOwn } from "./json.js";

export interface FieldRequirement {
  readonly field: string;
  readonly operator: "=" | "!=";
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

export const ALL_FIELDS: FieldSelector = Object.freeze({ requirements: Object.freeze([]) as readonly FieldRequirement[] });

/** Field names whose value is not simply the dotted path of the same name. */
const FIELD_ALIASES: Record<string, string> = {
  // kube's event field set maps `source` to `source.component`
  source: "source.component",
};

function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === "\\" && i + 1 < input.length) {
      current += ch + input[i + 1];
      i++;
    } else if (ch === ",") {
      terms.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

const TERM_OPERATORS = ["!=", "==", "="] as const;

function splitTerm(term: string): { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === "\\") {
      i++;
      continue;
    }
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function unescapeValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === "\\") {
      const next = value[i + 1];
      if (next === "\\" || next === "," || next === "=") {
        out += next;
        i++;
        continue;
      }
      throw new StoreError("BadRequest", `invalid field selector: invalid escape sequence: ${value.slice(i, i + 2)}`);
    }
    if (ch === "," || ch === "=") throw new StoreError("BadRequest", `invalid field selector: unescaped character in value: ${ch}`);
    out += ch;
  }
  return out;
}

/** Parses the string syntax; an empty string selects everything. Throws StoreError 400 on bad input. */
export function parseFieldSelector(input: string): FieldSelector {
  const terms = splitTerms(input).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of terms) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) throw new StoreError("BadRequest", `invalid selector: '${input}'; can't understand '${part}'`);
    const field = split.lhs.trim();
    if (field === "") throw new StoreError("BadRequest", `invalid selector: '${input}'; can't understand '${part}'`);
    requirements.push(Object.freeze({ field, operator: split.op === "!=" ? "!=" : "=", value: unescapeValue(split.rhs) }));
  }
  if (requirements.length === 0) return ALL_FIELDS;
  return Object.freeze({ requirements: Object.freeze(requirements) });
}

/** The string value a field selector compares against: "" when missing, `true`/`false`, numbers as text. */
export function fieldValue(obj: unknown, field: string): string {
  const path = (FIELD_ALIASES[field] ?? field).split(".");
  let cur: unknown = obj;
  for (const segment of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return "";
    cur = getOwn(cur as Record<string, unknown>, segment);
  }
  if (cur === undefined || cur === null) return "";
  if (typeof cur === "string") return cur;
  if (typeof cur === "number" || typeof cur === "boolean") return String(cur);
  return JSON.stringify(cur);
}

export function matchesFieldSelector(selector: FieldSelector, obj: unknown): boolean {
  for (const r of selector.requirements) {
    const have = fieldValue(obj, r.field);
    if (r.operator === "=" ? have !== r.value : have === r.value) return false;
  }
  return true;
}

export function formatFieldSelector(selector: FieldSelector): string {
  const escape = (v: string) => v.replace(/[\\,=]/g, (c) => `\\${c}`);
  return selector.requirements.map((r) => `${r.field}${r.operator}${escape(r.value)}`).join(",");
}
