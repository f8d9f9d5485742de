export { createEventRecorder, EVENTS_GVR, CLUSTER_EVENT_NAMESPACE, EVENT_TTL_MS } from "./recorder.js";
export type { EventRecorder, EventType, EventSource, ObjectReference, RecordOptions } from "./recorder.js";
