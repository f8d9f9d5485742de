export * from "./api-client.js";
export * from "./app-manifests.js";
export * from "./cluster.js";
export * from "./kinds.js";
export * from "./names.js";
export * from "./namespace-watch.js";
export * from "./team-resources.js";
