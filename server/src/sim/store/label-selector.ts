/**
 * Kubernetes label selectors: the string syntax (`a=b,c!=d,e in (f,g),h notin (i),j,!k`), the
 * `spec.selector` shape of workloads, matching and formatting. Parsing and error wording follow
 * k8s.io/apimachinery/pkg/labels/selector.go so kubectl users see the usual messages.
 */
import { StoreError } from "./errors.js";

export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted, de-duplicated; one value for `=`/`==`/`!=`/`gt`/`lt`, none for `exists`/`!`. */
  readonly values: readonly string[];
}

export interface LabelSelector {
  /** Sorted by key (stable), as kube sorts them. An empty list matches everything. */
  readonly requirements: readonly LabelRequirement[];
  /** True for a nil `spec.selector`: matches no object at all. */
  readonly nothing?: boolean;
}

/** `metav1.LabelSelector` as it appears in workload specs. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorExpression[];
}

export interface LabelSelectorExpression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export const EVERYTHING: LabelSelector = Object.freeze({ requirements: Object.freeze([]) as readonly LabelRequirement[] });
export const NOTHING: LabelSelector = Object.freeze({ requirements: Object.freeze([]) as readonly LabelRequirement[], nothing: true });

// ---------------------------------------------------------------- lexer

type Tok =
  | "ident"
  | "eos"
  | "error"
  | "!"
  | "!="
  | "("
  | ")"
  | ","
  | "="
  | "=="
  | ">"
  | "<"
  | "in"
  | "notin";

const SYMBOL_TOKENS: Record<string, Tok> = {
  "!": "!",
  "!=": "!=",
  "(": "(",
  ")": ")",
  ",": ",",
  "=": "=",
  "==": "==",
  ">": ">",
  "<": "<",
};

function isSpecial(ch: string): boolean {
  return ch === "=" || ch === "!" || ch === "(" || ch === ")" || ch === "," || ch === ">" || ch === "<";
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

interface Item {
  tok: Tok;
  lit: string;
}

function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isSpace(input[pos]!)) pos++;
    if (pos >= input.length) {
      items.push({ tok: "eos", lit: "" });
      return items;
    }
    const ch = input[pos]!;
    if (isSpecial(ch)) {
      // longest run of special characters that is still a known symbol, as the upstream lexer does
      let buffer = "";
      let last: Item | undefined;
      while (pos < input.length && isSpecial(input[pos]!)) {
        buffer += input[pos];
        const tok = SYMBOL_TOKENS[buffer];
        if (tok) {
          last = { tok, lit: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` });
      if (!last) return [...items, { tok: "eos", lit: "" }];
      continue;
    }
    let start = pos;
    while (pos < input.length && !isSpace(input[pos]!) && !isSpecial(input[pos]!)) pos++;
    const lit = input.slice(start, pos);
    items.push({ tok: lit === "in" ? "in" : lit === "notin" ? "notin" : "ident", lit });
    start = pos;
  }
}

// ---------------------------------------------------------------- parser

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In a "values" context the keywords `in`/`notin` are plain identifiers (a label may be named `in`). */
  private lookahead(values: boolean): Item {
    const item = this.items[Math.min(this.position, this.items.length - 1)]!;
    if (values && (item.tok === "in" || item.tok === "notin")) return { tok: "ident", lit: item.lit };
    return item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    if (this.position < this.items.length - 1) this.position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === "ident" || tok === "!") {
        let r: LabelRequirement;
        try {
          r = this.parseRequirement();
        } catch (err) {
          throw new Error(`unable to parse requirement: ${(err as Error).message}`);
        }
        requirements.push(r);
        const next = this.consume(true);
        if (next.tok === "eos") return requirements;
        if (next.tok === ",") {
          const after = this.lookahead(true);
          if (after.tok !== "ident" && after.tok !== "!") {
            throw new Error(`found '${after.lit}', expected: identifier after ','`);
          }
          continue;
        }
        throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === "eos") return requirements;
      throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): LabelRequirement {
    let negated = false;
    let item = this.consume(true);
    if (item.tok === "!") {
      negated = true;
      item = this.consume(true);
    }
    if (item.tok !== "ident") throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyError = validateKey(key);
    if (keyError) throw new Error(keyError);
    const next = this.lookahead(true).tok;
    if (next === "eos" || next === ",") return newRequirement(key, negated ? "!" : "exists", []);
    if (negated) {
      // upstream then fails to find an operator after "!key"
      const op = this.consume(false);
      throw new Error(`found '${op.lit}', expected: '=', '!=', '==', 'in', notin'`);
    }
    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, values);
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case "in":
        return "in";
      case "notin":
        return "notin";
      case "=":
        return "=";
      case "==":
        return "==";
      case "!=":
        return "!=";
      case ">":
        return "gt";
      case "<":
        return "lt";
      default:
        throw new Error(`found '${lit}', expected: '=', '!=', '==', 'in', notin'`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== "(") throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === "ident" || tok === ",") {
      const values = this.parseIdentifiersList();
      if (this.consume(true).tok !== ")") throw new Error(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === ")") {
      this.consume(true);
      return [""];
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === "ident") {
        values.add(lit);
        const next = this.lookahead(true);
        if (next.tok === ",") continue;
        if (next.tok === ")") return [...values];
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ",") {
        if (values.size === 0) values.add("");
        const next = this.lookahead(true);
        if (next.tok === ")") {
          values.add("");
          return [...values];
        }
        if (next.tok === ",") {
          this.consume(true);
          values.add("");
        }
        continue;
      }
      throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const { tok } = this.lookahead(true);
    if (tok === "eos" || tok === ",") return [""];
    const item = this.consume(true);
    if (item.tok === "ident") return [item.lit];
    throw new Error(`found '${item.lit}', expected: identifier`);
  }
}

// ---------------------------------------------------------------- validation (IsQualifiedName, IsValidLabelValue)

const QUALIFIED_NAME_MAX_LENGTH = 63;
const LABEL_VALUE_MAX_LENGTH = 63;
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_SUBDOMAIN_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join("or ")}regex used for validation is '${fmt}')`;
}

const QUALIFIED_NAME_ERROR = regexError(
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  QUALIFIED_NAME_FMT,
  "MyName",
  "my.name",
  "123-abc",
);

/** Upstream `validation.IsQualifiedName`: the problems with a label key, or none. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else {
      if (prefix.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(`prefix part must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) {
        errs.push(
          "prefix part " +
            regexError(
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
              DNS1123_SUBDOMAIN_FMT,
              "example.com",
            ),
        );
      }
    }
  } else {
    return [
      `a qualified name ${QUALIFIED_NAME_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part must be no more than ${QUALIFIED_NAME_MAX_LENGTH} characters`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${QUALIFIED_NAME_ERROR}`);
  return errs;
}

/** Upstream `validation.IsValidLabelValue`. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) errs.push(`must be no more than ${LABEL_VALUE_MAX_LENGTH} characters`);
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

function validateKey(key: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length ? `key: Invalid value: ${JSON.stringify(key)}: ${errs.join("; ")}` : undefined;
}

function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
}

/** Upstream `labels.NewRequirement`: validates and normalises (sorted, unique values). */
function newRequirement(key: string, operator: LabelOperator, rawValues: readonly string[]): LabelRequirement {
  const errs: string[] = [];
  const keyError = validateKey(key);
  if (keyError) errs.push(keyError);
  const values = [...new Set(rawValues)].sort();
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) errs.push(`values: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) errs.push(`values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`);
      break;
    case "exists":
    case "!":
      if (values.length !== 0) errs.push(`values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`);
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) errs.push(`values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length) errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join("; ")}`);
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(", ")}]`);
  return Object.freeze({ key, operator, values: Object.freeze(values) });
}

function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  // Array.prototype.sort is stable, like Go's sort.Sort on this input size is not guaranteed to be;
  // stability keeps `a=1,a!=2` in the order the user wrote.
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------- public API

/** Parses the string syntax; an empty string selects everything. Throws StoreError 400 on bad input. */
export function parseLabelSelector(input: string): LabelSelector {
  if (input.trim() === "") return EVERYTHING;
  let requirements: LabelRequirement[];
  try {
    requirements = new Parser(lex(input)).parse();
  } catch (err) {
    throw new StoreError("BadRequest", (err as Error).message);
  }
  return Object.freeze({ requirements: Object.freeze(sortByKey(requirements)) });
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "=":
    case "==":
    case "in":
      return has && r.values.includes(labels![r.key]!);
    case "!=":
    case "notin":
      return !has || !r.values.includes(labels![r.key]!);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has || !/^[+-]?\d+$/.test(labels![r.key]!)) return false;
      const have = Number(labels![r.key]);
      const want = Number(r.values[0]);
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector.nothing) return false;
  for (const r of selector.requirements) if (!requirementMatches(r, labels)) return false;
  return true;
}

export function isEverything(selector: LabelSelector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "in":
    case "notin":
      return `${r.key} ${r.operator} (${r.values.join(",")})`;
    case "gt":
      return `${r.key}>${r.values[0]}`;
    case "lt":
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** The canonical string form (kube's `Selector.String()`), e.g. for `Scale.status.selector`. */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements.map(formatRequirement).join(",");
}

/** `{app: "frontend"}` → `app=frontend`; an empty or missing map selects everything. */
export function labelSelectorFromMatchLabels(matchLabels: Readonly<Record<string, string>> | undefined): LabelSelector {
  return labelSelectorFromSpec({ matchLabels: matchLabels ? { ...matchLabels } : undefined });
}

/** `matchExpressions` alone (In / NotIn / Exists / DoesNotExist). */
export function labelSelectorFromMatchExpressions(expressions: readonly LabelSelectorExpression[] | undefined): LabelSelector {
  return labelSelectorFromSpec({ matchExpressions: expressions ? [...expressions] : undefined });
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * A workload's `spec.selector` as a matcher (upstream `metav1.LabelSelectorAsSelector`):
 * null/undefined selects nothing, `{}` selects everything. Throws StoreError 400 on bad input.
 */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | null | undefined): LabelSelector {
  if (spec === null || spec === undefined) return NOTHING;
  const requirements: LabelRequirement[] = [];
  try {
    for (const [key, value] of Object.entries(spec.matchLabels ?? {})) requirements.push(newRequirement(key, "=", [value]));
    for (const expr of spec.matchExpressions ?? []) {
      const op = EXPRESSION_OPERATORS[expr.operator];
      if (!op) throw new Error(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
      requirements.push(newRequirement(expr.key, op, expr.values ?? []));
    }
  } catch (err) {
    throw new StoreError("BadRequest", (err as Error).message);
  }
  if (requirements.length === 0) return EVERYTHING;
  return Object.freeze({ requirements: Object.freeze(sortByKey(requirements)) });
}
