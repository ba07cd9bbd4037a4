#ifndef BROBYGGER_CSYSTEM_SHIM_H
#define BROBYGGER_CSYSTEM_SHIM_H
// Linux interfaces that Swift's Glibc module leaves out: epoll, and GNU extensions the server uses.
// _GNU_SOURCE is not defined here (it would clash with the Glibc module's definitions), so the
// extensions are declared by hand with their documented prototypes.
#include <sys/epoll.h>
#include <sys/socket.h>

extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int pipe2(int pipefd[2], int flags);
/// glibc's memmem (string.h): the first occurrence of one byte string in another.
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
/// glibc's malloc_trim (malloc.h): hands the free pages of every arena back to the kernel.
extern int malloc_trim(size_t pad);
/// glibc's mallopt (malloc.h).
extern int mallopt(int param, int value);

/// mallopt(M_ARENA_MAX, count): at most `count` malloc arenas.
static inline int brobygger_set_malloc_arena_max(int count) {
    return mallopt(-8, count);
}

/// mallopt(M_MMAP_THRESHOLD, bytes): blocks of `bytes` and more are mapped apart, a fixed threshold.
static inline int brobygger_set_malloc_mmap_threshold(int bytes) {
    return mallopt(-3, bytes);
}

/// mallopt(M_TRIM_THRESHOLD, bytes): free memory at the top of an arena is handed back to the kernel only past
/// `bytes`.
static inline int brobygger_set_malloc_trim_threshold(int bytes) {
    return mallopt(-1, bytes);
}

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
static inline int brobygger_accept4(int fd) {
    return accept4(fd, 0, 0, 04000 | 02000000);
}

/// pipe2 with O_NONBLOCK | O_CLOEXEC.
static inline int brobygger_pipe2(int fds[2]) {
    return pipe2(fds, 04000 | 02000000);
}
#endif
