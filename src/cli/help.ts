/** The text of `trapgate --help`. */
export const HELP = `Trapgate runs MIPS32r2 little-endian Linux programs (o32 ABI) on a TypeScript kernel that
behaves like Linux: static programs as they are, dynamically linked ones with --root DIR, a mipsel root that
holds their dynamic loader and libraries (such as /usr/mipsel-linux-gnu).

Usage:
  trapgate run [options] PROGRAM [ARGS...]   run a program; the exit status is the program's
  trapgate disasm PROGRAM [--symbol NAME]    disassemble a program (like objdump -d)
  trapgate demo                              run the built-in demo (assembled by Trapgate itself)
  trapgate as SOURCE.S -o PROGRAM            assemble and link a static program with Trapgate's own tools
  trapgate vdso --dump FILE [--coherent-icache]  write the vDSO image a process gets (for readelf/objdump/gdb)
  trapgate --help | --version

Options of 'run' (they go before PROGRAM; everything after PROGRAM is passed to it):
  --strace             print one line per system call on stderr: pid name(arguments) = result
  --trace              print every kernel trace event (syscalls, signals, faults, exec, exit, scheduling) on stderr
  --root DIR           the guest's / is DIR on the host (default /); no guest path can leave it. PROGRAM is
                       looked up inside DIR first, then on the host (like qemu-user's -L)
  -E VAR=VALUE         set a variable in the guest's environment (the host's is passed through)
  -U VAR               remove a variable from the guest's environment
  --max-insns N        stop the guest (as if by SIGKILL) after N instructions
  --stats-json FILE    when the guest exits, write {"instructions","seconds","syscalls",...} (with the
                       scheduler's context switches, preemptions, migrations and per-CPU figures) to FILE
  --cpus N             the machine's number of CPUs (1-32, default 2)
  --quantum N          time slice in instructions (default 200000): a thread runs this long before another
                       thread waiting for its CPU gets it
  --clock real|virtual the guest's time: the host's clock (default), or virtual time derived from the work
                       the CPUs do (instructions, exceptions, system calls, faults, context switches)
  --seed N             make every random choice (scheduling, address layout, AT_RANDOM, getrandom)
                       reproducible: the same seed gives the same output and trace; implies --clock virtual
  --sigreturn vdso|stack  where signal handlers return: through the vDSO trampoline (Linux's design, default)
                       or a trampoline written on the stack (the historical design; needs an executable stack)
  --no-fpu             model a CPU without a hardware FPU (floating point is emulated by the kernel)
  --cpu-no-user-counter  user mode may not read the cycle counter: the kernel publishes clock mode NONE and the
                       vDSO's time functions fall back to system calls
  --coherent-icache    the CPU's instruction cache is coherent (the vDSO's __vdso_sync_dicache skips synci)
  --no-jit             interpret every instruction (no compilation of hot code to JavaScript); same results, slower

Exit status: the program's own, or 128+N when it was killed by signal N (the signal's name is
printed on stderr, as a shell would). 127: there is no such program; 126: the program cannot be
run (not a mipsel o32 ELF executable, a directory, no permission...); 2: bad usage (a --root that is
not a directory included).

Building your own guest:
  mipsel-linux-gnu-gcc -O2 -static -o hello hello.c && trapgate run ./hello
  mipsel-linux-gnu-gcc -O2 -o hello hello.c && trapgate run --root /usr/mipsel-linux-gnu ./hello
`;
