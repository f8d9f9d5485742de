export * from "./rbac.js";
export * from "./authn.js";
export * from "./bootstrap.js";
export * from "./escalation.js";
