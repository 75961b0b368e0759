/** One readable line per trace event, for `--trace`. */
import { signalName } from '../../abi/signals.js';
import type { TraceEvent } from './events.js';
import { formatSyscallLine } from './strace-format.js';

const hex = (n: number | undefined) => (n === undefined ? '?' : `0x${(n >>> 0).toString(16).padStart(8, '0')}`);

export function formatTraceEvent(e: TraceEvent): string {
  switch (e.kind) {
    case 'syscall':
      return `[syscall] ${formatSyscallLine(e)}`;
    case 'signal':
      return `[signal] ${e.pid}/${e.tid} ${signalName(e.signal) ?? e.signal} ${e.action}`
        + (e.code !== undefined ? ` code=${e.code}` : '') + (e.address !== undefined ? ` addr=${hex(e.address)}` : '')
        + (e.frame !== undefined ? ` frame=${hex(e.frame)}` : '') + (e.handler !== undefined ? ` handler=${hex(e.handler)}` : '');
    case 'fault':
      return `[fault] ${e.pid}/${e.tid} ${e.access} ${hex(e.address)} at pc=${hex(e.pc)}: ${e.outcome}`;
    case 'exec':
      return `[exec] ${e.pid} ${e.path} entry=${hex(e.entry)}`;
    case 'vdso-patch':
      return `[vdso] ${e.symbol} -> ${e.symbol}_${e.variant}`;
    case 'exit':
      return `[exit] ${e.pid} status=0x${e.status.toString(16)}`;
    case 'sched':
      switch (e.action) {
        case 'switch': return `[sched] cpu${e.cpu} switch ${e.from || '-'} -> ${e.tid}`;
        case 'preempt': return `[sched] cpu${e.cpu} preempt ${e.tid} at pc=${hex(e.pc)}`;
        case 'migrate': return `[sched] migrate ${e.tid} cpu${e.from} -> cpu${e.cpu}`;
        case 'sleep': return `[sched] cpu${e.cpu} sleep ${e.tid} (${e.reason})`;
        case 'wake': return `[sched] wake ${e.tid} on cpu${e.cpu} (${e.reason})`;
      }
  }
}
