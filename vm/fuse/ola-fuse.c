// the guest's compression file system: files are kept as 16 KiB blocks, each stored as the
// bytes the artifact's compress() made of it; every block read back goes through its
// decompress(). the codec lives in the guest agent (node, the artifact in an isolate): each
// call is a frame on stdout, answered by a frame on stdin. run as root by the agent, before it
// drops privileges; single-threaded (-s), so calls never interleave.
//   request: op ('c' or 'd'), u32 length, u16 where-length, where text, bytes
//   reply:   status (0 ok), u32 length, bytes
// the file `/.fsck` reads as a report of the layout: one line per file, "path size" then
// "id:plain:stored" per block, and "live N" and "problem TEXT" lines at the end; unlinking it
// clears the problem (a new run).
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fuse.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define B 16384
#define MAX_FILES 256
#define MAX_BLOCKS 65536
#define FSCK "/.fsck"

struct block { uint8_t *data; uint32_t stored, plain; int live; };
struct file { char *path; int dir; int64_t size; int32_t *ids; int n; };

static struct block blocks[MAX_BLOCKS];
static int nblocks, live;
static struct file files[MAX_FILES];
static int nfiles;
static char problem[256];

static void note(const char *fmt, ...) {
  if (problem[0]) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(problem, sizeof problem, fmt, ap);
  va_end(ap);
}

static int full(int fd, void *buf, size_t n, int writing) {
  uint8_t *p = buf;
  while (n > 0) {
    ssize_t k = writing ? write(fd, p, n) : read(fd, p, n);
    if (k <= 0) { if (k < 0 && errno == EINTR) continue; return -1; }
    p += k; n -= (size_t)k;
  }
  return 0;
}

// one codec call through the agent; 0 and a malloc'd result, or -EIO
static int codec(char op, const uint8_t *in, uint32_t len, const char *where, uint8_t **out, uint32_t *outlen) {
  uint16_t wl = (uint16_t)strlen(where);
  uint8_t head[7] = { (uint8_t)op };
  memcpy(head + 1, &len, 4);
  memcpy(head + 5, &wl, 2);
  if (full(1, head, 7, 1) || full(1, (void *)where, wl, 1) || full(1, (void *)in, len, 1)) return -EIO;
  uint8_t rh[5];
  if (full(0, rh, 5, 0)) return -EIO;
  uint32_t n;
  memcpy(&n, rh + 1, 4);
  uint8_t *buf = malloc(n ? n : 1);
  if (!buf || full(0, buf, n, 0)) { free(buf); return -EIO; }
  if (rh[0] != 0) { free(buf); note("%s %s failed in the artifact", op == 'c' ? "compress" : "decompress", where); return -EIO; }
  *out = buf;
  *outlen = n;
  return 0;
}

static struct file *find(const char *path) {
  for (int i = 0; i < nfiles; i++) if (files[i].path && strcmp(files[i].path, path) == 0) return &files[i];
  return NULL;
}

static int put(const uint8_t *plain, uint32_t len, const char *where) {
  if (nblocks >= MAX_BLOCKS) return -ENOSPC;
  uint8_t *c;
  uint32_t clen;
  int rc = codec('c', plain, len, where, &c, &clen);
  if (rc) return rc;
  blocks[nblocks] = (struct block){ c, clen, len, 1 };
  live++;
  return nblocks++;
}

// the plain bytes of a block (malloc'd, exactly its plain length), or -EIO
static int get(int id, const char *where, uint8_t **out) {
  uint8_t *d;
  uint32_t dlen;
  int rc = codec('d', blocks[id].data, blocks[id].stored, where, &d, &dlen);
  if (rc) return rc;
  if (dlen != blocks[id].plain) {
    note("block %d %s decompressed to %u bytes, expected %u", id, where, dlen, blocks[id].plain);
    free(d);
    return -EIO;
  }
  *out = d;
  return 0;
}

static void drop(int id) {
  free(blocks[id].data);
  blocks[id].data = NULL;
  blocks[id].live = 0;
  live--;
}

static void release_blocks(struct file *f) {
  for (int i = 0; i < f->n; i++) drop(f->ids[i]);
  free(f->ids);
  f->ids = NULL;
  f->n = 0;
  f->size = 0;
}

// writes bytes at off, rewriting every block the range touches; a hole is filled with zeros
static int write_at(struct file *f, const uint8_t *bytes, size_t len, int64_t off) {
  uint8_t *tmp = NULL;
  if (off > f->size) {
    tmp = calloc(1, (size_t)(off - f->size) + len);
    if (!tmp) return -ENOMEM;
    memcpy(tmp + (off - f->size), bytes, len);
    len += (size_t)(off - f->size);
    off = f->size;
    bytes = tmp;
  }
  if (len == 0) { free(tmp); return 0; }
  int64_t end = off + (int64_t)len, size = end > f->size ? end : f->size;
  int need = (int)((size + B - 1) / B);
  if (need > f->n) {
    int32_t *ids = realloc(f->ids, sizeof(int32_t) * (size_t)need);
    if (!ids) { free(tmp); return -ENOMEM; }
    f->ids = ids;
  }
  int rc = 0;
  for (int64_t bi = off / B; bi <= (end - 1) / B; bi++) {
    int64_t start = bi * B, blen = (size - start) < B ? (size - start) : B;
    int64_t from = off > start ? off : start, to = end < start + blen ? end : start + blen;
    uint8_t buf[B];
    memset(buf, 0, sizeof buf);
    char where[96];
    snprintf(where, sizeof where, "of %s (file block %lld)", f->path, (long long)bi);
    if (bi < f->n && !(from == start && to == start + blen)) {
      uint8_t *old;
      if ((rc = get(f->ids[bi], where, &old))) break;
      memcpy(buf, old, blocks[f->ids[bi]].plain);
      free(old);
    }
    memcpy(buf + (from - start), bytes + (from - off), (size_t)(to - from));
    int id = put(buf, (uint32_t)blen, where);
    if (id < 0) { rc = id; break; }
    if (bi < f->n) drop(f->ids[bi]);
    else f->n = (int)bi + 1;
    f->ids[bi] = id;
  }
  if (!rc) f->size = size;
  free(tmp);
  return rc;
}

static int truncate_to(struct file *f, int64_t size) {
  if (size >= f->size) {
    size_t grow = (size_t)(size - f->size);
    uint8_t *z = calloc(1, grow ? grow : 1);
    int rc = write_at(f, z, grow, f->size);
    free(z);
    return rc;
  }
  int keep = (int)((size + B - 1) / B);
  for (int i = keep; i < f->n; i++) drop(f->ids[i]);
  f->n = keep;
  int64_t tail = size - (int64_t)(keep - 1) * B;
  if (keep > 0 && tail < blocks[f->ids[keep - 1]].plain) {
    char where[96];
    snprintf(where, sizeof where, "of %s (file block %d)", f->path, keep - 1);
    uint8_t *old;
    int rc = get(f->ids[keep - 1], where, &old);
    if (rc) return rc;
    int id = put(old, (uint32_t)tail, where);
    free(old);
    if (id < 0) return id;
    drop(f->ids[keep - 1]);
    f->ids[keep - 1] = id;
  }
  f->size = size;
  return 0;
}

static struct file *make(const char *path, int dir) {
  for (int i = 0; i < MAX_FILES; i++) {
    if (files[i].path) continue;
    files[i] = (struct file){ strdup(path), dir, 0, NULL, 0 };
    if (i >= nfiles) nfiles = i + 1;
    return &files[i];
  }
  return NULL;
}

static int ola_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  (void)fi;
  memset(st, 0, sizeof *st);
  st->st_uid = 65534;
  st->st_gid = 65534;
  st->st_nlink = 1;
  if (strcmp(path, "/") == 0) { st->st_mode = S_IFDIR | 0777; return 0; }
  if (strcmp(path, FSCK) == 0) { st->st_mode = S_IFREG | 0444; return 0; }
  struct file *f = find(path);
  if (!f) return -ENOENT;
  st->st_mode = f->dir ? (S_IFDIR | 0777) : (S_IFREG | 0666);
  st->st_size = f->size;
  return 0;
}

static int ola_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi, enum fuse_readdir_flags fl) {
  (void)off; (void)fi; (void)fl;
  size_t pl = strcmp(path, "/") == 0 ? 0 : strlen(path);
  if (pl && !find(path)) return -ENOENT;
  fill(buf, ".", NULL, 0, 0);
  fill(buf, "..", NULL, 0, 0);
  for (int i = 0; i < nfiles; i++) {
    const char *p = files[i].path;
    if (!p || strncmp(p, path, pl) != 0 || p[pl] != '/' || strchr(p + pl + 1, '/')) continue;
    fill(buf, p + pl + 1, NULL, 0, 0);
  }
  return 0;
}

static int ola_mkdir(const char *path, mode_t mode) {
  (void)mode;
  if (find(path)) return -EEXIST;
  return make(path, 1) ? 0 : -ENOSPC;
}

static int ola_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
  (void)mode; (void)fi;
  if (find(path)) return 0;
  return make(path, 0) ? 0 : -ENOSPC;
}

static int ola_open(const char *path, struct fuse_file_info *fi) {
  if (strcmp(path, FSCK) == 0) { fi->direct_io = 1; return 0; }
  struct file *f = find(path);
  if (!f) return -ENOENT;
  if (fi->flags & O_TRUNC) release_blocks(f);
  return 0;
}

static int ola_rmdir(const char *path) {
  struct file *d = find(path);
  if (!d || !d->dir) return -ENOENT;
  size_t pl = strlen(path);
  for (int i = 0; i < nfiles; i++) {
    const char *p = files[i].path;
    if (p && strncmp(p, path, pl) == 0 && p[pl] == '/') return -ENOTEMPTY;
  }
  free(d->path);
  d->path = NULL;
  return 0;
}

static int ola_unlink(const char *path) {
  // removing the report starts a new run's record: its problem line is cleared
  if (strcmp(path, FSCK) == 0) { problem[0] = 0; return 0; }
  struct file *f = find(path);
  if (!f || f->dir) return -ENOENT;
  release_blocks(f);
  free(f->path);
  f->path = NULL;
  return 0;
}

static int ola_rename(const char *from, const char *to, unsigned int flags) {
  if (flags) return -EINVAL;
  struct file *f = find(from);
  if (!f || f->dir) return -ENOENT;
  struct file *t = find(to);
  if (t && t != f) {
    if (t->dir) return -EISDIR;
    release_blocks(t);
    free(t->path);
    t->path = NULL;
  }
  free(f->path);
  f->path = strdup(to);
  return 0;
}

static int ola_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  (void)fi;
  struct file *f = find(path);
  if (!f || f->dir) return -ENOENT;
  return truncate_to(f, size);
}

static int ola_write(const char *path, const char *buf, size_t len, off_t off, struct fuse_file_info *fi) {
  (void)fi;
  struct file *f = find(path);
  if (!f || f->dir) return -ENOENT;
  int rc = write_at(f, (const uint8_t *)buf, len, off);
  return rc ? rc : (int)len;
}

// the layout report, made at every read of /.fsck (small: a few files)
static int report(char *out, size_t cap) {
  size_t n = 0;
  for (int i = 0; i < nfiles && n < cap; i++) {
    struct file *f = &files[i];
    if (!f->path || f->dir) continue;
    n += (size_t)snprintf(out + n, cap - n, "%s %lld", f->path, (long long)f->size);
    for (int b = 0; b < f->n && n < cap; b++) n += (size_t)snprintf(out + n, cap - n, " %d:%u:%u", f->ids[b], blocks[f->ids[b]].plain, blocks[f->ids[b]].stored);
    if (n < cap) n += (size_t)snprintf(out + n, cap - n, "\n");
  }
  if (n < cap) n += (size_t)snprintf(out + n, cap - n, "live %d\nproblem %s\n", live, problem);
  return n < cap ? (int)n : (int)cap;
}

static int ola_read(const char *path, char *buf, size_t len, off_t off, struct fuse_file_info *fi) {
  (void)fi;
  if (strcmp(path, FSCK) == 0) {
    static char rep[1 << 16];
    int n = report(rep, sizeof rep);
    if (off >= n) return 0;
    size_t k = (size_t)(n - off) < len ? (size_t)(n - off) : len;
    memcpy(buf, rep + off, k);
    return (int)k;
  }
  struct file *f = find(path);
  if (!f || f->dir) return -ENOENT;
  if (off >= f->size) return 0;
  int64_t end = off + (int64_t)len < f->size ? off + (int64_t)len : f->size;
  for (int64_t bi = off / B; bi * B < end; bi++) {
    char where[96];
    snprintf(where, sizeof where, "of %s (file block %lld)", f->path, (long long)bi);
    uint8_t *d;
    int rc = get(f->ids[bi], where, &d);
    if (rc) return rc;
    int64_t s = off > bi * B ? off : bi * B, e = end < bi * B + blocks[f->ids[bi]].plain ? end : bi * B + blocks[f->ids[bi]].plain;
    memcpy(buf + (s - off), d + (s - bi * B), (size_t)(e - s));
    free(d);
  }
  return (int)(end - off);
}

static int ola_ok(const char *path, struct fuse_file_info *fi) { (void)path; (void)fi; return 0; }
static int ola_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) { (void)path; (void)tv; (void)fi; return 0; }

static void *ola_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  cfg->direct_io = 0;
  cfg->kernel_cache = 0;
  cfg->attr_timeout = 0;
  cfg->entry_timeout = 0;
  cfg->negative_timeout = 0;
  // the mount is up: the agent waits for this byte before it goes on
  if (full(1, "R", 1, 1)) exit(1);
  return NULL;
}

static const struct fuse_operations ops = {
  .init = ola_init, .getattr = ola_getattr, .readdir = ola_readdir, .mkdir = ola_mkdir, .rmdir = ola_rmdir, .create = ola_create,
  .open = ola_open, .unlink = ola_unlink, .rename = ola_rename, .truncate = ola_truncate, .write = ola_write,
  .read = ola_read, .release = ola_ok, .flush = ola_ok, .utimens = ola_utimens,
};

int main(int argc, char *argv[]) {
  return fuse_main(argc, argv, &ops, NULL);
}
