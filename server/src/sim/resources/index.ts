export * from "./registry.js";
export * from "./printers.js";
export { podCells, type PodCells } from "./pod-status.js";
