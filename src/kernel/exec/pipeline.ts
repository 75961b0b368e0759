/**
 * The one way a program starts running, for the first process and for execve alike, in binfmt_elf's order:
 *
 *   check   (checkProgram)  parse and validate the ELF once, read and validate its dynamic loader (PT_INTERP);
 *                           nothing of the process changes, so a program that cannot run fails cleanly (ENOEXEC);
 *   load    (startProgram)  a fresh address space: segments, the loader, the vDSO, the initial stack and auxv;
 *   patch                   the `loaded` lifecycle hooks (call-site patching is one), before any instruction runs;
 *   start                   the registers as start_thread leaves them, and the `exec` lifecycle hooks.
 *
 * What execve does between check and load (de_thread, robust lists, close-on-exec) stays with execve
 * (syscalls/lifecycle.ts); the first process has none of it.
 */
import { PT_INTERP } from '../../elf/constants.js';
import { cString, ElfError, type Elf32 } from '../../elf/elf32.js';
import { RLIMIT } from '../../abi/flags.js';
import { AddressSpace } from '../../mm/address-space.js';
import { ExecError, type Kernel, type LoadRequest } from '../kernel.js';
import type { Thread } from '../process.js';
import { vdsoRandomPages } from '../vdso/setup.js';
import { loadProgram } from './loader.js';
import { parseExecutable } from './validate.js';

/** A program that passed the checks: its ELF and its loader's, parsed once, ready to load. */
export interface CheckedProgram {
  request: LoadRequest;
  elf: Elf32;
  interpreter: { elf: Elf32; path: string; device: number; inode: number } | undefined;
}

/** The binfmt check. Throws ExecError (one sentence for the user) when the program cannot run here. */
export function checkProgram(kernel: Kernel, request: LoadRequest): CheckedProgram {
  const elf = parsed(request.bytes, (message) => message);
  return { request, elf, interpreter: readInterpreter(kernel, elf) };
}

/**
 * The point of no return: `thread`'s process gets a fresh address space with the program, and the thread starts
 * at its entry point.
 */
export function startProgram(kernel: Kernel, thread: Thread, program: CheckedProgram): void {
  const { request: req, elf, interpreter } = program;
  const process = thread.process;
  const as = new AddressSpace(kernel.mem);
  const stackLimit = process.rlimits[RLIMIT.STACK]![0];
  as.stackLimit = stackLimit > 0x7fffffffn ? 0x7fffffff : Number(stackLimit);
  const vdso = kernel.vdso;
  const vdsoMapping = vdso.map(as, vdsoRandomPages((bound) => kernel.random.below(bound)));
  const random = new Uint8Array(16);
  kernel.random.fill(random);
  const image = loadProgram(as, {
    elf, path: req.guestPath, execFn: req.execFn, device: req.device, inode: req.inode,
    ...(interpreter ? { interpreter } : {}), argv: req.argv, envp: req.envp, random,
    uid: kernel.config.uid, gid: kernel.config.gid, vdsoBase: vdsoMapping.base, stackTop: vdso.stackTop,
  });
  const old = process.as;
  process.as = as;
  process.vdso = vdsoMapping;
  process.exePath = req.guestPath;
  if (old !== as && !kernel.addressSpaceSharedByAnother(old, process)) old.unmap(0, 0x80000000);
  kernel.lifecycle.loaded(kernel, process, elf);
  const st = thread.cpu;
  st.r.fill(0);
  st.pc = image.entry;
  st.r[29] = image.sp;
  st.cu1 = false;
  st.userLocal = 0;
  kernel.tracer.emit({ kind: 'exec', pid: process.pid, path: req.guestPath, entry: image.entry });
  kernel.lifecycle.exec(kernel, thread);
}

function parsed(bytes: Uint8Array, describe: (message: string) => string): Elf32 {
  try {
    return parseExecutable(bytes);
  } catch (e) {
    if (e instanceof ElfError) throw new ExecError(describe(e.message));
    throw e;
  }
}

/** The dynamic loader named by PT_INTERP, read from under the root (binfmt_elf's open_exec of elf_interpreter). */
function readInterpreter(kernel: Kernel, elf: Elf32): CheckedProgram['interpreter'] {
  const header = elf.programHeaders.find((p) => p.type === PT_INTERP);
  if (!header) return undefined;
  const path = cString(elf.bytes, header.offset);
  const resolved = kernel.paths.resolve(path, '/', { followLast: true });
  const missing = `needs the dynamic loader ${path}, which is not under the root (--root DIR can point at a mipsel sysroot)`;
  if (typeof resolved === 'number' || !resolved.exists) throw new ExecError(missing);
  let bytes: Uint8Array;
  try {
    bytes = kernel.host.fs.readFile(resolved.host);
  } catch {
    throw new ExecError(missing);
  }
  const interp = parsed(bytes, (message) => `its dynamic loader ${path} is unusable: ${message}`);
  let device = 0, inode = 0;
  try {
    const st = kernel.host.fs.stat(resolved.host);
    device = st.dev;
    inode = st.ino;
  } catch { /* a file read a moment ago: keep 0s, as the first process does for an unreadable stat */ }
  return { elf: interp, path: resolved.guest, device, inode };
}
