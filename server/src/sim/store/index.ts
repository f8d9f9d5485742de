export * from "./types.js";
export { createObjectStore, gvrKey, formatTimestamp, DEFAULT_POD_GRACE_PERIOD_SECONDS, FOREGROUND_DELETION_FINALIZER, GENERATE_NAME_SUFFIX_LENGTH } from "./object-store.js";
export type { ObjectStoreOptions } from "./object-store.js";
export { DEFAULT_WATCH_HISTORY_SIZE } from "./history.js";
export {
  StoreError,
  STATUS_CODE_BY_REASON,
  isStatusError,
  qualifiedResource,
  notFound,
  alreadyExists,
  conflict,
  invalid,
  badRequest,
  OBJECT_MODIFIED,
} from "./errors.js";
export {
  parseLabelSelector,
  matchesLabelSelector,
  formatLabelSelector,
  labelSelectorFromMatchLabels,
  labelSelectorFromMatchExpressions,
  labelSelectorFromSpec,
  isEverything,
  EVERYTHING,
  NOTHING,
} from "./label-selector.js";
export type { LabelSelector, LabelRequirement, LabelOperator, LabelSelectorSpec, LabelSelectorExpression } from "./label-selector.js";
export { parseFieldSelector, matchesFieldSelector, formatFieldSelector, fieldValue } from "./field-selector.js";
export type { FieldSelector, FieldRequirement } from "./field-selector.js";
export { deepClone, deepEqual, deepFreeze, isPlainObject } from "./json.js";
export type { JsonValue } from "./json.js";
