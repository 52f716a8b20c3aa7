// test-only: tries the syscalls a jailed artifact must never get, and prints what each
// returned, one json object per line. run inside the jail by tests/hostile/raw.test.ts.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

static void report(const char *name, long rc) {
  printf("{\"call\":\"%s\",\"rc\":%ld,\"errno\":\"%s\"}\n", name, rc, rc < 0 ? strerrorname_np(errno) : "");
  fflush(stdout);
}

int main(int argc, char **argv) {
  report("ptrace", ptrace(PTRACE_TRACEME, 0, 0, 0));
  report("mount", mount("none", "/tmp", "tmpfs", 0, ""));
  report("umount2", umount2("/tmp", 0));
  report("unshare", unshare(CLONE_NEWUSER));
  report("setns", syscall(SYS_setns, 0, 0));
  report("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  report("bpf", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
  struct perf_event_attr pe;
  memset(&pe, 0, sizeof pe);
  pe.size = sizeof pe;
  report("perf_event_open", syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0));
  report("kexec_load", syscall(SYS_kexec_load, 0, 0, 0, 0));
  report("reboot", syscall(SYS_reboot, 0, 0, 0, 0));
  report("swapon", syscall(SYS_swapon, "/tmp/x", 0));
  report("init_module", syscall(SYS_init_module, 0, 0, ""));
  report("socket_inet", socket(AF_INET, SOCK_STREAM, 0));
  report("socket_inet6", socket(AF_INET6, SOCK_DGRAM, 0));
  report("socket_netlink", socket(AF_NETLINK, SOCK_RAW, 0));
  long unix_fd = socket(AF_UNIX, SOCK_STREAM, 0);
  report("socket_unix", unix_fd < 0 ? unix_fd : 0);
  pid_t child = fork();
  if (child == 0) _exit(0);
  if (child > 0) waitpid(child, 0, 0);
  report("fork", child);
  long cloned = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (cloned == 0) _exit(0);
  if (cloned > 0) waitpid((pid_t)cloned, 0, 0);
  report("clone_process", cloned);
  // the lab's pid (argv[1]) as the host sees it: out of reach in the jail's pid namespace
  if (argc > 1) report("kill_lab", kill((pid_t)atoi(argv[1]), 0));
  report("chroot", chroot("/tmp"));
  report("pivot_root", syscall(SYS_pivot_root, "/tmp", "/tmp"));
  return 0;
}
