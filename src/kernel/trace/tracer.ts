/** Fans trace events out to listeners; `wants` lets emitters skip building events nobody reads. */
import type { TraceEvent, TraceKind } from './events.js';

export type TraceListener = (event: TraceEvent) => void;

export class Tracer {
  private listeners: Array<{ kinds: ReadonlySet<TraceKind> | undefined; fn: TraceListener }> = [];
  private wanted = new Set<TraceKind>();
  private all = false;

  /** Listen to the given kinds of event, or to all of them. */
  on(fn: TraceListener, kinds?: readonly TraceKind[]): void {
    const set = kinds ? new Set(kinds) : undefined;
    this.listeners.push({ kinds: set, fn });
    if (!set) this.all = true;
    else for (const k of set) this.wanted.add(k);
  }

  wants(kind: TraceKind): boolean {
    return this.all || this.wanted.has(kind);
  }

  emit(event: TraceEvent): void {
    for (const l of this.listeners) if (!l.kinds || l.kinds.has(event.kind)) l.fn(event);
  }
}
