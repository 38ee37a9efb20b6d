//===- runtime/interceptors/io.cpp - buffers passed to libc I/O -----------===//
//
// The calls that move data between user memory and a descriptor or a FILE
// check the bytes they transfer as ranged accesses, at the call's pending
// site (__ravel_next_site) or at a "<libc>" site naming the function. The
// calls that receive data write the user's buffer: the bytes the result
// says were transferred, checked after the call. The calls that send data
// read it: the bytes they were asked to send, checked *before* the call.
// Once the data is out, the receiver may run and reuse the buffer before a
// check after the call would be made, and the shadow would then see the
// receiver's write first and the sender's read, ordered before it, second.
// These calls are also the synchronisation of fd.h: a send releases into
// the descriptor's channel after its check and before the data leaves, a
// receive that returned data or end of file acquires from it. For a FILE
// the channel is that of its descriptor (fileno), whatever the buffering.
//
// glibc's _FORTIFY_SOURCE variants (__read_chk, __fread_chk, ...) are
// intercepted too; they are what a program built with -O2
// -D_FORTIFY_SOURCE=2 calls when the buffer's size is known. libc's own
// calls (printf writing stdout) are not seen.
//
//===----------------------------------------------------------------------===//
#undef _FORTIFY_SOURCE // the plain declarations, not glibc's inline wrappers
#include "io_call.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

using namespace ravel::rt;

RAVEL_REAL(ssize_t, read, int, void *, size_t)
RAVEL_REAL(ssize_t, __read_chk, int, void *, size_t, size_t)
RAVEL_REAL(ssize_t, pread, int, void *, size_t, off_t)
RAVEL_REAL(ssize_t, pread64, int, void *, size_t, off_t)
RAVEL_REAL(ssize_t, __pread_chk, int, void *, size_t, off_t, size_t)
RAVEL_REAL(ssize_t, __pread64_chk, int, void *, size_t, off_t, size_t)
RAVEL_REAL(ssize_t, readv, int, const struct iovec *, int)
RAVEL_REAL(ssize_t, recv, int, void *, size_t, int)
RAVEL_REAL(ssize_t, __recv_chk, int, void *, size_t, size_t, int)
RAVEL_REAL(ssize_t, recvfrom, int, void *, size_t, int, struct sockaddr *,
           socklen_t *)
RAVEL_REAL(ssize_t, __recvfrom_chk, int, void *, size_t, size_t, int,
           struct sockaddr *, socklen_t *)
RAVEL_REAL(ssize_t, recvmsg, int, struct msghdr *, int)
RAVEL_REAL(ssize_t, write, int, const void *, size_t)
RAVEL_REAL(ssize_t, pwrite, int, const void *, size_t, off_t)
RAVEL_REAL(ssize_t, pwrite64, int, const void *, size_t, off_t)
RAVEL_REAL(ssize_t, writev, int, const struct iovec *, int)
RAVEL_REAL(ssize_t, send, int, const void *, size_t, int)
RAVEL_REAL(ssize_t, sendto, int, const void *, size_t, int,
           const struct sockaddr *, socklen_t)
RAVEL_REAL(ssize_t, sendmsg, int, const struct msghdr *, int)
RAVEL_REAL(int, puts, const char *)
RAVEL_REAL(int, fputs, const char *, FILE *)
RAVEL_REAL(size_t, fwrite, const void *, size_t, size_t, FILE *)
RAVEL_REAL(size_t, fread, void *, size_t, size_t, FILE *)
RAVEL_REAL(size_t, __fread_chk, void *, size_t, size_t, size_t, FILE *)
RAVEL_REAL(char *, fgets, char *, int, FILE *)
RAVEL_REAL(char *, __fgets_chk, char *, size_t, int, FILE *)


// ---- Receiving: the buffer is written. -----------------------------------

RAVEL_INTERCEPTOR(ssize_t, read, int Fd, void *Buf, size_t N) {
  IoCall C("read");
  ssize_t R = real_read()(Fd, Buf, N);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, __read_chk, int Fd, void *Buf, size_t N,
                  size_t BufLen) {
  IoCall C("read");
  ssize_t R = real___read_chk()(Fd, Buf, N, BufLen);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, pread, int Fd, void *Buf, size_t N, off_t Off) {
  IoCall C("pread");
  ssize_t R = real_pread()(Fd, Buf, N, Off);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, pread64, int Fd, void *Buf, size_t N, off_t Off) {
  IoCall C("pread");
  ssize_t R = real_pread64()(Fd, Buf, N, Off);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, __pread_chk, int Fd, void *Buf, size_t N, off_t Off,
                  size_t BufLen) {
  IoCall C("pread");
  ssize_t R = real___pread_chk()(Fd, Buf, N, Off, BufLen);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, __pread64_chk, int Fd, void *Buf, size_t N,
                  off_t Off, size_t BufLen) {
  IoCall C("pread");
  ssize_t R = real___pread64_chk()(Fd, Buf, N, Off, BufLen);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, readv, int Fd, const struct iovec *Iov, int Cnt) {
  IoCall C("readv");
  ssize_t R = real_readv()(Fd, Iov, Cnt);
  C.receivedIov(Fd, Iov, Cnt, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, recv, int Fd, void *Buf, size_t N, int Flags) {
  IoCall C("recv");
  ssize_t R = real_recv()(Fd, Buf, N, Flags);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, __recv_chk, int Fd, void *Buf, size_t N,
                  size_t BufLen, int Flags) {
  IoCall C("recv");
  ssize_t R = real___recv_chk()(Fd, Buf, N, BufLen, Flags);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, recvfrom, int Fd, void *Buf, size_t N, int Flags,
                  struct sockaddr *From, socklen_t *FromLen) {
  IoCall C("recvfrom");
  ssize_t R = real_recvfrom()(Fd, Buf, N, Flags, From, FromLen);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, __recvfrom_chk, int Fd, void *Buf, size_t N,
                  size_t BufLen, int Flags, struct sockaddr *From,
                  socklen_t *FromLen) {
  IoCall C("recvfrom");
  ssize_t R = real___recvfrom_chk()(Fd, Buf, N, BufLen, Flags, From, FromLen);
  C.received(Fd, Buf, R);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, recvmsg, int Fd, struct msghdr *Msg, int Flags) {
  IoCall C("recvmsg");
  ssize_t R = real_recvmsg()(Fd, Msg, Flags);
  if (Msg)
    C.receivedIov(Fd, Msg->msg_iov, static_cast<int>(Msg->msg_iovlen), R);
  else
    C.received(Fd, nullptr, -1);
  return R;
}

// ---- Sending: the buffer is read. ----------------------------------------

RAVEL_INTERCEPTOR(ssize_t, write, int Fd, const void *Buf, size_t N) {
  IoCall C("write");
  C.sending(Fd, Buf, N);
  ssize_t R = real_write()(Fd, Buf, N);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, pwrite, int Fd, const void *Buf, size_t N,
                  off_t Off) {
  IoCall C("pwrite");
  C.sending(Fd, Buf, N);
  ssize_t R = real_pwrite()(Fd, Buf, N, Off);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, pwrite64, int Fd, const void *Buf, size_t N,
                  off_t Off) {
  IoCall C("pwrite");
  C.sending(Fd, Buf, N);
  ssize_t R = real_pwrite64()(Fd, Buf, N, Off);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, writev, int Fd, const struct iovec *Iov, int Cnt) {
  IoCall C("writev");
  C.sendingIov(Fd, Iov, Cnt);
  ssize_t R = real_writev()(Fd, Iov, Cnt);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, send, int Fd, const void *Buf, size_t N, int Flags) {
  IoCall C("send");
  C.sending(Fd, Buf, N);
  ssize_t R = real_send()(Fd, Buf, N, Flags);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, sendto, int Fd, const void *Buf, size_t N, int Flags,
                  const struct sockaddr *To, socklen_t ToLen) {
  IoCall C("sendto");
  C.sending(Fd, Buf, N);
  ssize_t R = real_sendto()(Fd, Buf, N, Flags, To, ToLen);
  return R;
}
RAVEL_INTERCEPTOR(ssize_t, sendmsg, int Fd, const struct msghdr *Msg,
                  int Flags) {
  IoCall C("sendmsg");
  if (Msg)
    C.sendingIov(Fd, Msg->msg_iov, static_cast<int>(Msg->msg_iovlen));
  return real_sendmsg()(Fd, Msg, Flags);
}

// ---- stdio. --------------------------------------------------------------

RAVEL_INTERCEPTOR(int, puts, const char *S) {
  IoCall C("puts");
  if (C)
    C.sending(fileDescriptor(stdout), S, cStrlen(S) + 1);
  return real_puts()(S);
}
RAVEL_INTERCEPTOR(int, fputs, const char *S, FILE *F) {
  IoCall C("fputs");
  if (C)
    C.sending(fileDescriptor(F), S, cStrlen(S) + 1);
  return real_fputs()(S, F);
}
RAVEL_INTERCEPTOR(size_t, fwrite, const void *P, size_t Size, size_t N,
                  FILE *F) {
  IoCall C("fwrite");
  if (C)
    C.sending(fileDescriptor(F), P, Size * N);
  return real_fwrite()(P, Size, N, F);
}
RAVEL_INTERCEPTOR(size_t, fread, void *P, size_t Size, size_t N, FILE *F) {
  IoCall C("fread");
  size_t R = real_fread()(P, Size, N, F);
  if (C)
    C.receivedFile(fileDescriptor(F), R > 0 || feof(F), P, R * Size);
  return R;
}
RAVEL_INTERCEPTOR(size_t, __fread_chk, void *P, size_t PLen, size_t Size,
                  size_t N, FILE *F) {
  IoCall C("fread");
  size_t R = real___fread_chk()(P, PLen, Size, N, F);
  if (C)
    C.receivedFile(fileDescriptor(F), R > 0 || feof(F), P, R * Size);
  return R;
}
RAVEL_INTERCEPTOR(char *, fgets, char *S, int N, FILE *F) {
  IoCall C("fgets");
  char *R = real_fgets()(S, N, F);
  if (C)
    C.receivedFile(fileDescriptor(F), R || feof(F), S, R ? cStrlen(S) + 1 : 0);
  return R;
}
RAVEL_INTERCEPTOR(char *, __fgets_chk, char *S, size_t SLen, int N, FILE *F) {
  IoCall C("fgets");
  char *R = real___fgets_chk()(S, SLen, N, F);
  if (C)
    C.receivedFile(fileDescriptor(F), R || feof(F), S, R ? cStrlen(S) + 1 : 0);
  return R;
}
