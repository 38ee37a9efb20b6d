//===- runtime/suppressions.cpp -------------------------------------------===//
#include "suppressions.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt {

namespace {
struct Rule {
  FindingKind Kinds[2];
  unsigned NumKinds;
  const char *Pattern;
};
Rule *Rules;
unsigned NumRules;

// Glob match of P against the start of T ('*' any run); AnchorEnd requires
// the match to end at the end of T.
bool matchHere(const char *P, const char *T, bool AnchorEnd) {
  for (;;) {
    if (!*P)
      return !AnchorEnd || !*T;
    if (*P == '*') {
      for (const char *S = T;; ++S) {
        if (matchHere(P + 1, S, AnchorEnd))
          return true;
        if (!*S)
          return false;
      }
    }
    if (!*T || *P != *T)
      return false;
    ++P, ++T;
  }
}
} // namespace

bool suppressionPatternMatches(const char *Pattern, const char *Text) {
  if (!Text || !*Text)
    return false;
  bool AnchorStart = *Pattern == '^';
  if (AnchorStart)
    ++Pattern;
  size_t L = internalStrlen(Pattern);
  char Buf[512];
  if (L >= sizeof(Buf))
    return false;
  internalMemcpy(Buf, Pattern, L + 1);
  bool AnchorEnd = L && Buf[L - 1] == '$';
  if (AnchorEnd)
    Buf[L - 1] = 0;
  if (AnchorStart)
    return matchHere(Buf, Text, AnchorEnd);
  for (const char *T = Text; *T; ++T)
    if (matchHere(Buf, T, AnchorEnd))
      return true;
  return false;
}

bool loadSuppressions(const char *Path, TextBuffer *Err) {
  int Fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, Path, O_RDONLY));
  if (Fd < 0) {
    Err->appendf("cannot open suppressions file '%s' (suppressions= in "
                 "RAVEL_OPTIONS): check the path",
                 Path);
    return false;
  }
  TextBuffer Text;
  char Chunk[4096];
  long N;
  while ((N = syscall(SYS_read, Fd, Chunk, sizeof(Chunk))) > 0)
    Text.append(Chunk, static_cast<size_t>(N));
  syscall(SYS_close, Fd);
  size_t Len = Text.size();
  char *Copy = static_cast<char *>(internalAlloc(Len + 1));
  internalMemcpy(Copy, Text.data(), Len + 1);
  unsigned MaxRules = 1;
  for (size_t I = 0; I < Len; ++I)
    MaxRules += Copy[I] == '\n';
  Rules = static_cast<Rule *>(internalCalloc(MaxRules * sizeof(Rule)));
  unsigned LineNo = 0;
  for (char *Line = Copy; Line && *Line;) {
    ++LineNo;
    char *Next = Line;
    while (*Next && *Next != '\n')
      ++Next;
    if (*Next)
      *Next++ = 0;
    else
      Next = nullptr;
    while (*Line == ' ' || *Line == '\t')
      ++Line;
    size_t L = internalStrlen(Line);
    while (L &&
           (Line[L - 1] == ' ' || Line[L - 1] == '\r' || Line[L - 1] == '\t'))
      Line[--L] = 0;
    if (L && *Line != '#') {
      Rule R{};
      const char *Pat = nullptr;
      if (!internalStrncmp(Line, "race:", 5)) {
        R.Kinds[R.NumKinds++] = FindingKind::DataRace;
        Pat = Line + 5;
      } else if (!internalStrncmp(Line, "deadlock:", 9)) {
        R.Kinds[R.NumKinds++] = FindingKind::PotentialDeadlock;
        R.Kinds[R.NumKinds++] = FindingKind::Deadlock;
        Pat = Line + 9;
      } else if (!internalStrncmp(Line, "mutex:", 6)) {
        R.Kinds[R.NumKinds++] = FindingKind::MutexMisuse;
        Pat = Line + 6;
      }
      if (!Pat || !*Pat) {
        Err->appendf("%s:%u: expected 'race:PATTERN', 'deadlock:PATTERN' or "
                     "'mutex:PATTERN', got '%s'",
                     Path, LineNo, Line);
        return false;
      }
      R.Pattern = Pat;
      Rules[NumRules++] = R;
    }
    Line = Next;
  }
  return true;
}

const char *suppressedBy(const Finding &F) {
  for (unsigned I = 0; I < NumRules; ++I) {
    const Rule &R = Rules[I];
    bool KindOk = false;
    for (unsigned K = 0; K < R.NumKinds; ++K)
      KindOk |= R.Kinds[K] == F.Kind;
    if (!KindOk)
      continue;
    for (uint32_t T = 0; T < F.NumThreads; ++T) {
      const FindingThread &FT = F.Threads[T];
      if (suppressionPatternMatches(R.Pattern, FT.Variable))
        return R.Pattern;
      for (uint32_t S = 0; S < FT.Stack.Size; ++S) {
        const __ravel_site *Site = FT.Stack.Frames[S];
        if (suppressionPatternMatches(R.Pattern, Site->function) ||
            suppressionPatternMatches(R.Pattern, Site->file))
          return R.Pattern;
      }
    }
    for (uint32_t C = 0; C < F.CycleLen; ++C)
      if (suppressionPatternMatches(R.Pattern, F.Cycle[C].Holds) ||
          suppressionPatternMatches(R.Pattern, F.Cycle[C].Acquires))
        return R.Pattern;
  }
  return nullptr;
}

} // namespace ravel::rt
