//===- scheduler/schedule_file.cpp - write and read decision logs ---------===//
#include "schedule_file.h"

#include "ravel/contract/schedule_format.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt::sched {
namespace {

namespace format = contract::schedule_file;

/// A fixed-size text builder over a caller's buffer, flushed to a fd.
// The writer's buffers are static, not on the stack: the log is written
// from the program's threads (a finding, exit(), a crash handler), whose
// stacks may be small. invariant: used only while WriteBusy is held.
uint32_t WriteBusy;
char OutBuf[4096];
char ArgvBuf[8192];
char PathBuf[4096];
char SiteTextBuf[512];

class Out {
public:
  explicit Out(int Fd) : Fd(Fd) {}
  ~Out() { flush(); }
  Out &str(const char *S) {
    while (*S)
      ch(*S++);
    return *this;
  }
  /// A header line's start: the key and a space.
  Out &key(const char *Key) { return str(Key).ch(' '); }
  Out &num(uint64_t V) {
    char Tmp[24];
    int N = 0;
    do {
      Tmp[N++] = (char)('0' + V % 10);
      V /= 10;
    } while (V);
    while (N)
      ch(Tmp[--N]);
    return *this;
  }
  void hex(uint64_t V) {
    char Tmp[16];
    int N = 0;
    do {
      Tmp[N++] = "0123456789abcdef"[V & 15];
      V >>= 4;
    } while (V);
    while (N)
      ch(Tmp[--N]);
  }
  Out &ch(char C) {
    if (Len == kSize)
      flush();
    Buf[Len++] = C;
    return *this;
  }
  void flush() {
    size_t Done = 0;
    while (Done < Len) {
      long W = syscall(SYS_write, Fd, Buf + Done, Len - Done);
      if (W <= 0) {
        Failed = true;
        break;
      }
      Done += (size_t)W;
    }
    Len = 0;
  }
  bool Failed = false;

private:
  int Fd;
  char *const Buf = OutBuf;
  static constexpr size_t kSize = sizeof(OutBuf);
  size_t Len = 0;
};

/// The value of a header line P that starts with Key and a space, else null.
const char *valueOf(const char *P, const char *Key) {
  size_t N = strlen(Key);
  return strncmp(P, Key, N) == 0 && P[N] == ' ' ? P + N + 1 : nullptr;
}

/// The program's argv as a JSON array, from /proc/self/cmdline.
void writeArgv(Out &O) {
  char *const Buf = ArgvBuf;
  int Fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/cmdline", O_RDONLY);
  long N = Fd >= 0 ? syscall(SYS_read, Fd, Buf, sizeof(ArgvBuf)) : -1;
  if (Fd >= 0)
    syscall(SYS_close, Fd);
  O.key(format::KeyArgv).ch('[');
  bool First = true;
  long Start = 0;
  for (long I = 0; I < N; ++I) {
    if (Buf[I] != '\0')
      continue;
    if (!First)
      O.ch(',');
    First = false;
    O.ch('"');
    for (long J = Start; J < I; ++J) {
      unsigned char C = (unsigned char)Buf[J];
      if (C == '"' || C == '\\') {
        O.ch('\\');
        O.ch((char)C);
      } else if (C < 0x20) {
        const char *Hex = "0123456789abcdef";
        O.str("\\u00");
        O.ch(Hex[C >> 4]);
        O.ch(Hex[C & 15]);
      } else {
        O.ch((char)C);
      }
    }
    O.ch('"');
    Start = I + 1;
  }
  O.str("]\n");
}

void copyErr(char *Err, size_t ErrLen, const char *A, const char *B,
             const char *C, uint64_t Line) {
  if (!Err || !ErrLen)
    return;
  size_t N = 0;
  auto Put = [&](const char *S) {
    while (S && *S && N + 1 < ErrLen)
      Err[N++] = *S++;
  };
  Put(A);
  Put(B);
  if (Line) {
    char Tmp[24];
    int K = 0;
    uint64_t V = Line;
    do {
      Tmp[K++] = (char)('0' + V % 10);
      V /= 10;
    } while (V);
    Put(":");
    while (K && N + 1 < ErrLen)
      Err[N++] = Tmp[--K];
  }
  Put(": ");
  Put(C);
  Err[N] = '\0';
}

} // namespace

template <typename T> void MmapLog<T>::append(const T &V) {
  if (Size == Capacity) {
    uint32_t NewCap = Capacity ? Capacity * 2 : 4096;
    void *P = mmap(nullptr, NewCap * sizeof(T), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (P == MAP_FAILED)
      return; // out of memory: the log is cut short; replay will diverge
    if (Data) {
      memcpy(P, Data, Size * sizeof(T));
      munmap(Data, Capacity * sizeof(T));
    }
    Data = (T *)P;
    Capacity = NewCap;
  }
  Data[Size++] = V;
}
template class MmapLog<uint32_t>;
template class MmapLog<uint64_t>;
template class MmapLog<Decision>;
template class MmapLog<Fingerprint>;
template class MmapLog<char>;

void SiteTexts::set(uint32_t Index, const char *Text, size_t Len) {
  while (Offset.size() <= Index)
    Offset.append(0);
  if (Offset.size() <= Index)
    return; // out of memory
  uint32_t At = Arena.size();
  for (size_t I = 0; I < Len; ++I)
    Arena.append(Text[I]);
  Arena.append('\0');
  Offset.at(Index) = At + 1;
}

const char *SiteTexts::get(uint32_t Index) const {
  if (Index >= Offset.size() || !Offset.at(Index))
    return nullptr;
  return &Arena.at(Offset.at(Index) - 1);
}

namespace {
void writeFingerprint(Out &O, const Fingerprint &F) {
  O.ch(F.Kind);
  O.num(F.Delta);
  O.ch('@');
  O.num(F.Site);
  O.ch(':');
  if (F.Hashed) {
    O.ch('#');
    O.hex(F.Set);
    O.ch('.');
    O.num(F.Count);
  } else {
    O.hex(F.Set);
  }
  if (F.HasPath) {
    O.ch('/');
    O.hex(F.Path);
  }
}

/// Parses one fingerprint token [Q, End); false if malformed (the grammar
/// is the contract's, shared with the driver).
bool parseFingerprint(const char *Q, const char *End, Fingerprint &F) {
  format::FingerprintFields G;
  if (!format::parseFingerprintToken(Q, End, G))
    return false;
  F = Fingerprint{};
  F.Kind = G.Kind;
  F.Hashed = G.Hashed;
  F.Delta = G.Delta;
  F.Site = G.Site;
  F.Count = G.Count;
  F.Set = G.Set;
  F.HasPath = G.HasPath;
  F.Path = G.Path;
  return true;
}
} // namespace

namespace {
bool writeScheduleFileLocked(const char *Path, const ScheduleHeader &H,
                             const DecisionLog &Log) {
  char *const Tmp = PathBuf;
  size_t PL = strlen(Path);
  if (PL + 16 >= sizeof(PathBuf))
    return false;
  memcpy(Tmp, Path, PL);
  memcpy(Tmp + PL, ".tmp", 5);
  int Fd = (int)syscall(SYS_openat, AT_FDCWD, Tmp,
                        O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0)
    return false;
  bool Failed;
  {
    Out O(Fd);
    O.str(format::Magic);
    O.num(kScheduleVersion);
    O.ch('\n');
    O.key(format::KeyStrategy).str(H.Strategy).ch('\n');
    O.key(format::KeySeed).num(H.Seed).ch('\n');
    O.key(format::KeyDepth).num(H.Depth).ch('\n');
    O.key(format::KeySteps).num(H.Steps).ch('\n');
    if (H.MaxSteps)
      O.key(format::KeyMaxSteps).num(H.MaxSteps).ch('\n');
    O.key(format::KeyExact).num(H.Exact ? 1 : 0).ch('\n');
    if (H.Path) {
      O.key(format::KeyPath);
      O.hex(H.Path);
      O.ch('\n');
    }
    O.key(format::KeyPoints)
        .str(H.AllPoints ? format::PointsAll : format::PointsShared)
        .ch('\n');
    for (uint32_t I = 0; I < H.NumRacySites; ++I)
      O.key(format::KeyRacySite)
          .num(H.RacySites[I] >> 20)
          .ch(':')
          .num(H.RacySites[I] & 0xfffff)
          .ch('\n');
    writeArgv(O);
    if (H.Notes && *H.Notes) {
      for (const char *P = H.Notes; *P;) {
        O.key(format::KeyNote);
        while (*P && *P != '\n')
          O.ch(*P++);
        O.ch('\n');
        if (*P)
          ++P;
      }
    }
    if (H.Fingerprints && H.SiteText) {
      for (uint32_t I = 1; I <= H.NumSites; ++I) {
        char *const Text = SiteTextBuf;
        H.SiteText(I, Text, sizeof(SiteTextBuf));
        O.key(format::KeySite);
        O.num(I);
        O.ch(' ');
        for (const char *C = Text; *C; ++C)
          O.ch(*C == '\n' ? ' ' : *C);
        O.ch('\n');
      }
    }
    O.key(format::KeyDecisions);
    O.num(Log.size());
    O.ch('\n');
    for (uint32_t I = 0; I < Log.size(); ++I) {
      const Decision &D = Log.at(I);
      if (I)
        O.ch(I % format::DecisionsPerLine ? ' ' : '\n');
      O.num(D.Step).ch(D.Kind ? D.Kind : 't');
      if (D.Value == kDefaultDecision)
        O.ch(format::NoPreemptionToken);
      else
        O.num(D.Value);
    }
    O.ch('\n');
    if (H.Fingerprints && H.Fingerprints->size() == Log.size()) {
      O.key(format::KeyFingerprints);
      O.num(H.Fingerprints->size());
      for (uint32_t I = 0; I < H.Fingerprints->size(); ++I) {
        O.ch(I % 16 ? ' ' : '\n');
        writeFingerprint(O, H.Fingerprints->at(I));
      }
      O.ch('\n');
    }
    O.flush();
    Failed = O.Failed;
  }
  syscall(SYS_close, Fd);
  if (Failed || syscall(SYS_renameat, AT_FDCWD, Tmp, AT_FDCWD, Path) != 0) {
    syscall(SYS_unlinkat, AT_FDCWD, Tmp, 0);
    return false;
  }
  return true;
}
} // namespace

bool writeScheduleFile(const char *Path, const ScheduleHeader &H,
                       const DecisionLog &Log) {
  // A write already under way (another thread, or a crash handler that
  // interrupted it) leaves this one out rather than wait.
  if (__atomic_exchange_n(&WriteBusy, 1, __ATOMIC_ACQUIRE))
    return false;
  bool Ok = writeScheduleFileLocked(Path, H, Log);
  __atomic_store_n(&WriteBusy, 0, __ATOMIC_RELEASE);
  return Ok;
}

namespace {

/// Reads all of Path into mmap'd memory, NUL-terminated (*Len bytes and the
/// NUL); null with a message in Err when the file cannot be read or is
/// empty.
char *readWholeFile(const char *Path, size_t *Len, char *Err, size_t ErrLen) {
  int Fd = (int)syscall(SYS_openat, AT_FDCWD, Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0) {
    copyErr(Err, ErrLen, "cannot open schedule file ", Path,
            "no such file or not readable", 0);
    return nullptr;
  }
  struct stat St;
  if (syscall(SYS_fstat, Fd, &St) != 0 || St.st_size <= 0) {
    syscall(SYS_close, Fd);
    copyErr(Err, ErrLen, "schedule file ", Path, "is empty", 0);
    return nullptr;
  }
  *Len = (size_t)St.st_size;
  char *Buf = (char *)mmap(nullptr, *Len + 1, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  size_t Got = 0;
  while (Buf != MAP_FAILED && Got < *Len) {
    long R = syscall(SYS_read, Fd, Buf + Got, *Len - Got);
    if (R <= 0)
      break;
    Got += (size_t)R;
  }
  syscall(SYS_close, Fd);
  if (Buf == MAP_FAILED || Got != *Len) {
    copyErr(Err, ErrLen, "cannot read schedule file ", Path, "read failed", 0);
    return nullptr;
  }
  Buf[*Len] = '\0';
  return Buf;
}

using format::parseHeaderNumber;

/// The reader's state from line to line: header lines up to "decisions
/// N", then the decisions, then (version 2) "fingerprints N" and the
/// fingerprints. Each line function returns false with Problem set.
struct LogReader {
  DecisionLog &Log;
  ScheduleInfo &I;
  size_t FileSize;
  enum { Header, Decisions, Fingerprints } Part = Header;
  uint64_t Declared = 0, DeclaredFp = 0;
  const char *Problem = nullptr;

  bool line(const char *P, const char *Eol) {
    if (Part == Header)
      return headerLine(P, Eol);
    if (Part == Decisions && Log.size() == Declared &&
        valueOf(P, format::KeyFingerprints))
      return fingerprintsHead(P, Eol);
    if (Part == Decisions)
      return decisionsLine(P, Eol);
    return fingerprintsLine(P, Eol);
  }

  bool headerLine(const char *P, const char *Eol) {
    if (P == Eol)
      return true;
    if (!format::isKeyValueLine(P, Eol))
      return fail("expected 'key value' in the header");
    if (const char *V = valueOf(P, format::KeySteps)) {
      if (!parseHeaderNumber(V, Eol, I.Steps))
        return fail("bad 'steps' value");
    } else if (const char *V = valueOf(P, format::KeyMaxSteps)) {
      if (!parseHeaderNumber(V, Eol, I.MaxSteps))
        return fail("bad 'max_steps' value");
    } else if (const char *V = valueOf(P, format::KeyPath)) {
      if (!format::parseHeaderHex(V, Eol, I.Path))
        return fail("bad 'path' value");
    } else if (const char *V = valueOf(P, format::KeyRacySite)) {
      uint64_t Key;
      if (!format::parseRacySite(V, Eol, Key))
        return fail("bad 'racy_site' value (expected LINE:COLUMN)");
      I.RacySites.append(Key);
    } else if (const char *V = valueOf(P, format::KeyPoints)) {
      size_t N = (size_t)(Eol - V);
      if (N == strlen(format::PointsAll) && !strncmp(V, format::PointsAll, N))
        I.AllPoints = true;
      else if (N != strlen(format::PointsShared) ||
               strncmp(V, format::PointsShared, N))
        return fail("bad 'points' value (expected 'all' or 'shared')");
    } else if (const char *V = valueOf(P, format::KeySite)) {
      const char *Sp = V;
      while (Sp < Eol && *Sp != ' ')
        ++Sp;
      uint64_t Index;
      if (Sp >= Eol || !parseHeaderNumber(V, Sp, Index) || Index == 0 ||
          Index > format::MaxSiteIndex)
        return fail("bad 'site' line (expected 'site INDEX TEXT')");
      I.Sites.set((uint32_t)Index, Sp + 1, (size_t)(Eol - Sp - 1));
    } else if (const char *V = valueOf(P, format::KeyDecisions)) {
      Part = Decisions;
      if (!parseHeaderNumber(V, Eol, Declared))
        return fail("bad decision count");
      if (Declared > format::maxDecisions(FileSize))
        return fail("declares more decisions than the file can hold");
    }
    return true;
  }

  bool fingerprintsHead(const char *P, const char *Eol) {
    Part = Fingerprints;
    if (I.Version < 2)
      return fail("fingerprints in a version 1 file");
    if (!parseHeaderNumber(valueOf(P, format::KeyFingerprints), Eol,
                           DeclaredFp) ||
        DeclaredFp != Declared)
      return fail("the fingerprint count differs from the decision count");
    return true;
  }

  bool decisionsLine(const char *Q, const char *Eol) {
    if (I.Version >= 3)
      return decisionTokens(Q, Eol);
    while (Q < Eol) {
      if (*Q == ' ') {
        ++Q;
        continue;
      }
      uint64_t V = 0, Run = 1;
      if (*Q == format::NoPreemptionToken) {
        V = kDefaultDecision;
        ++Q;
      } else if (*Q >= '0' && *Q <= '9') {
        while (Q < Eol && *Q >= '0' && *Q <= '9' && V < kDefaultDecision)
          V = V * 10 + (uint64_t)(*Q++ - '0');
        if (V >= kDefaultDecision)
          return fail("decision value out of range");
      } else {
        return fail("unexpected character in decisions");
      }
      if (Q < Eol && *Q == format::RepeatToken) {
        ++Q;
        Run = 0;
        if (Q >= Eol || *Q < '0' || *Q > '9')
          return fail("repeat count missing after '*'");
        while (Q < Eol && *Q >= '0' && *Q <= '9' && Run <= Declared)
          Run = Run * 10 + (uint64_t)(*Q++ - '0');
        if (Run == 0)
          return fail("a repeat count of 0 after '*'");
      }
      if (Log.size() + Run > Declared)
        return fail("more decisions than the header declares");
      for (uint64_t K = 0; K < Run; ++K)
        Log.append(Decision{0, (uint32_t)V, 0});
      if (Q < Eol && *Q != ' ')
        return fail("expected a space between decisions");
    }
    return true;
  }

  /// Calls Fn(Token, TokenEnd) for each space-separated token of [Q, Eol);
  /// stops at the first that returns false.
  template <typename FnT>
  static bool eachToken(const char *Q, const char *Eol, FnT Fn) {
    while (Q < Eol) {
      if (*Q == ' ') {
        ++Q;
        continue;
      }
      const char *TokEnd = Q;
      while (TokEnd < Eol && *TokEnd != ' ')
        ++TokEnd;
      if (!Fn(Q, TokEnd))
        return false;
      Q = TokEnd;
    }
    return true;
  }

  /// Version 3: STEP KIND VALUE tokens, steps never decreasing.
  bool decisionTokens(const char *Q, const char *Eol) {
    return eachToken(Q, Eol, [this](const char *Tok, const char *TokEnd) {
      format::DecisionFields D;
      if (!format::parseDecisionToken(Tok, TokEnd, D))
        return fail("malformed decision (expected STEP KIND VALUE, e.g. "
                    "`17t2`)");
      if (Log.size() && Log.at(Log.size() - 1).Step > D.Step)
        return fail("decision steps go backwards");
      if (Log.size() >= Declared)
        return fail("more decisions than the header declares");
      Log.append(Decision{D.Step, D.Value, D.Kind});
      return true;
    });
  }

  bool fingerprintsLine(const char *Q, const char *Eol) {
    return eachToken(Q, Eol, [this](const char *Tok, const char *TokEnd) {
      Fingerprint F;
      if (!parseFingerprint(Tok, TokEnd, F))
        return fail("malformed fingerprint (expected KIND DELTA@SITE:SET)");
      if (I.Fingerprints.size() >= DeclaredFp)
        return fail("more fingerprints than declared");
      I.Fingerprints.append(F);
      return true;
    });
  }

  /// At the end of the file: nothing is missing.
  bool finish() {
    if (Part == Header)
      return fail("no 'decisions' line (the file is cut short)");
    if (Log.size() != Declared)
      return fail("fewer decisions than the header declares (the file is "
                  "cut short)");
    if (Part == Fingerprints && I.Fingerprints.size() != DeclaredFp)
      return fail("fewer fingerprints than declared (the file is cut short)");
    return true;
  }

  bool fail(const char *Why) {
    Problem = Why;
    return false;
  }
};

} // namespace

bool readScheduleFile(const char *Path, DecisionLog &Log, char *Err,
                      size_t ErrLen, ScheduleInfo *Info) {
  size_t Len = 0;
  char *Buf = readWholeFile(Path, &Len, Err, ErrLen);
  if (!Buf)
    return false;
  ScheduleInfo Scratch;
  LogReader R{Log, Info ? *Info : Scratch, Len};
  bool Ok = true;
  uint64_t LineNo = 1;
  const char *P = Buf;
  if (strncmp(P, format::Magic, format::MagicLen) == 0 &&
      P[format::MagicLen] >= '0' + format::OldestVersion &&
      P[format::MagicLen] <= '0' + format::Version &&
      P[format::MagicLen + 1] == '\n') {
    R.I.Version = (uint32_t)(P[format::MagicLen] - '0');
  } else {
    Ok = R.fail(strncmp(P, format::Magic, format::MagicLen) == 0
                    ? "unsupported schedule file version (this ravel reads "
                      "versions 1 to 3); record it again with this `ravel "
                      "run`"
                    : "not a ravel schedule file (first line must be "
                      "'ravel-schedule 3'); record one with `ravel run`");
  }
  while (Ok && *P) {
    const char *Eol = strchr(P, '\n');
    if (!Eol)
      Eol = P + strlen(P);
    // The magic line is checked above.
    if (LineNo > 1 && !R.line(P, Eol)) {
      Ok = false;
      break;
    }
    P = *Eol ? Eol + 1 : Eol;
    ++LineNo;
  }
  if (Ok)
    Ok = R.finish();
  munmap(Buf, Len + 1);
  if (!Ok)
    copyErr(Err, ErrLen, "corrupt schedule file ", Path, R.Problem, LineNo);
  return Ok;
}

} // namespace ravel::rt::sched
