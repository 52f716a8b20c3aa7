// compiles seccomp/jail.policy into a seccomp bpf program (for bwrap --seccomp) with libseccomp.
// usage: compile-policy <policy> <out.bpf>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int errno_of(const char *name) {
  if (!strcmp(name, "EPERM")) return EPERM;
  if (!strcmp(name, "EACCES")) return EACCES;
  if (!strcmp(name, "ENOSYS")) return ENOSYS;
  if (!strcmp(name, "EAFNOSUPPORT")) return EAFNOSUPPORT;
  return -1;
}

static int op_of(const char *name) {
  if (!strcmp(name, "eq")) return SCMP_CMP_EQ;
  if (!strcmp(name, "ne")) return SCMP_CMP_NE;
  if (!strcmp(name, "masked_eq")) return SCMP_CMP_MASKED_EQ;
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <policy> <out.bpf>\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "r");
  if (!in) { perror(argv[1]); return 1; }
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) { fprintf(stderr, "seccomp_init failed\n"); return 1; }
  char line[512];
  int lineno = 0, rules = 0;
  while (fgets(line, sizeof line, in)) {
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = 0;
    char name[64], err[32], arg[8], op[16];
    unsigned long long value = 0, mask = 0;
    int n = sscanf(line, "%63s %31s %7s %15s %lli %lli", name, err, arg, op, &value, &mask);
    if (n <= 0) continue;
    int e = errno_of(err);
    int nr = seccomp_syscall_resolve_name(name);
    if (n < 2 || e < 0) { fprintf(stderr, "%s:%d: bad rule\n", argv[1], lineno); return 1; }
    // a syscall this architecture lacks is already unreachable
    if (nr == __NR_SCMP_ERROR) continue;
    int rc;
    if (n == 2) {
      rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), nr, 0);
    } else {
      int o = op_of(op);
      if (arg[0] != 'a' || arg[1] < '0' || arg[1] > '5' || o < 0 || n < 5) { fprintf(stderr, "%s:%d: bad condition\n", argv[1], lineno); return 1; }
      unsigned int a = (unsigned int)(arg[1] - '0');
      struct scmp_arg_cmp cmp = o == SCMP_CMP_MASKED_EQ ? SCMP_CMP(a, o, mask, value) : SCMP_CMP(a, o, value);
      rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(e), nr, 1, &cmp);
    }
    if (rc < 0) { fprintf(stderr, "%s:%d: %s: %s\n", argv[1], lineno, name, strerror(-rc)); return 1; }
    rules++;
  }
  fclose(in);
  FILE *out = fopen(argv[2], "wb");
  if (!out) { perror(argv[2]); return 1; }
  int rc = seccomp_export_bpf(ctx, fileno(out));
  fclose(out);
  seccomp_release(ctx);
  if (rc < 0) { fprintf(stderr, "export failed: %s\n", strerror(-rc)); return 1; }
  printf("%d rules\n", rules);
  return 0;
}
