/**
 * How a process ended, decoded from the wait status the kernel keeps (Linux's: the terminating signal in the low
 * 7 bits and the core flag in bit 7, else the exit code in the second byte), so that no caller does bit arithmetic.
 */
export type ProcessEnd =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'killed'; signal: number; coreDumped: boolean };

export function decodeWaitStatus(status: number): ProcessEnd {
  const signal = status & 0x7f;
  if (signal !== 0) return { kind: 'killed', signal, coreDumped: (status & 0x80) !== 0 };
  return { kind: 'exited', exitCode: (status >> 8) & 0xff };
}

/** The status a shell reports for it: the exit code, or 128 + the signal. */
export function shellStatus(end: ProcessEnd): number {
  return end.kind === 'exited' ? end.exitCode : 128 + end.signal;
}
