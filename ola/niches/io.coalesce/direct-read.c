// one pass of a read plan with O_DIRECT, so every read is a device read (no page cache, no
// readahead). usage: direct-read FILE < plan, where plan is binary: pairs of little-endian
// (u64 offset, u32 length). each read is widened to the 4 KiB blocks it touches, as an
// O_DIRECT reader must. prints the pass's elapsed nanoseconds and the device bytes read.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096u

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: direct-read FILE < plan\n");
    return 2;
  }
  // the whole plan is read before the clock starts
  size_t cap = 1 << 16, used = 0;
  unsigned char *plan = malloc(cap);
  for (;;) {
    if (used == cap) plan = realloc(plan, cap *= 2);
    ssize_t n = read(0, plan + used, cap - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { perror("stdin"); return 2; }
    if (n == 0) break;
    used += (size_t)n;
  }
  if (used % 12 != 0) { fprintf(stderr, "plan is not whole (offset, length) pairs\n"); return 2; }
  size_t count = used / 12;
  uint64_t maxlen = 0;
  for (size_t i = 0; i < count; i++) {
    uint32_t len;
    memcpy(&len, plan + i * 12 + 8, 4);
    if (len > maxlen) maxlen = len;
  }
  int fd = open(argv[1], O_RDONLY | O_DIRECT);
  if (fd < 0) { fprintf(stderr, "cannot open %s with O_DIRECT: %s\n", argv[1], strerror(errno)); return 3; }
  void *buf;
  size_t bufsize = (size_t)((maxlen + 2 * BLOCK + BLOCK - 1) / BLOCK * BLOCK);
  if (posix_memalign(&buf, BLOCK, bufsize) != 0) { fprintf(stderr, "no memory\n"); return 2; }
  uint64_t device = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (size_t i = 0; i < count; i++) {
    uint64_t off;
    uint32_t len;
    memcpy(&off, plan + i * 12, 8);
    memcpy(&len, plan + i * 12 + 8, 4);
    uint64_t start = off / BLOCK * BLOCK;
    uint64_t end = (off + len + BLOCK - 1) / BLOCK * BLOCK;
    size_t want = (size_t)(end - start);
    size_t got = 0;
    while (got < want) {
      ssize_t n = pread(fd, (char *)buf + got, want - got, (off_t)(start + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) { fprintf(stderr, "read at %llu: %s\n", (unsigned long long)(start + got), strerror(errno)); return 3; }
      // the file's end: the last block is short
      if (n == 0) break;
      got += (size_t)n;
      if ((size_t)n % BLOCK != 0) break;
    }
    if (start + got < off + len) { fprintf(stderr, "short read at %llu\n", (unsigned long long)off); return 3; }
    device += got;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  close(fd);
  long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  printf("%lld %llu\n", ns, (unsigned long long)device);
  return 0;
}
