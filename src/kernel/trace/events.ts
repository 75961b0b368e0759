/**
 * The one trace stream: typed events emitted by every kernel mechanism. `--strace`, `--trace`, tests and the
 * browser view are all consumers of it. Emitting costs nothing when nobody listens to that kind of event.
 */
export interface SyscallEvent {
  kind: 'syscall';
  pid: number;
  tid: number;
  nr: number;
  name: string;
  /** Arguments already decoded for display (paths read, flags named), captured at entry. */
  args: string[];
  /** The result as the kernel returned it: a value, or a negative errno. */
  result: number;
  /** Extra text to show after the result (e.g. the fds of pipe). */
  note?: string;
}

export interface SignalEvent {
  kind: 'signal';
  pid: number;
  tid: number;
  signal: number;
  action: 'deliver' | 'return' | 'kill' | 'ignore' | 'core';
  code?: number;
  address?: number;
  frame?: number;
  handler?: number;
}

export interface ExitEvent {
  kind: 'exit';
  pid: number;
  tid: number;
  /** Wait status as waitpid would report it. */
  status: number;
}

export interface FaultEvent {
  kind: 'fault';
  pid: number;
  tid: number;
  pc: number;
  address: number;
  access: 'read' | 'write' | 'exec';
  outcome: 'populated' | 'stack-grown' | 'segv' | 'fixup';
}

export interface ExecEvent {
  kind: 'exec';
  pid: number;
  path: string;
  entry: number;
}

/** The kernel pointed a generic vDSO symbol at this CPU's variant (ppc64's vdso_fixup_alt_funcs). */
export interface VdsoPatchEvent {
  kind: 'vdso-patch';
  symbol: string;
  variant: string;
}

/**
 * The scheduler: a CPU switches to a thread (`from`: the thread that ran there before, 0 if none), a thread is
 * preempted at `pc`, moves to another CPU (`from`: the CPU it left; `cpu`: where it goes), goes to sleep in the
 * kernel (`reason`: what it waits for) or wakes (`reason`: event, timeout or signal; `cpu`: where it will run).
 */
export interface SchedEvent {
  kind: 'sched';
  action: 'switch' | 'preempt' | 'migrate' | 'sleep' | 'wake';
  cpu: number;
  tid: number;
  from?: number;
  pc?: number;
  reason?: string;
}

export type TraceEvent = SyscallEvent | SignalEvent | ExitEvent | FaultEvent | ExecEvent | VdsoPatchEvent | SchedEvent;
export type TraceKind = TraceEvent['kind'];
