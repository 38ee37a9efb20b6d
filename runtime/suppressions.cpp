//===- runtime/suppressions.cpp -------------------------------------------===//
#include "suppressions.h"
#include "foreign_frames.h"

#include <errno.h>
#include <unistd.h>

namespace ravel::rt {

namespace {
struct Rule {
  FindingKind Kinds[2];
  unsigned NumKinds;
  const char *Pattern;
  bool TopOnly; // race_top: the top frame of each stack only
  bool LibOnly; // called_from_lib: frames of uninstrumented modules only
};

/// What a rule type means: the finding kinds it applies to (none for the
/// types ThreadSanitizer has and ravel has no finding for) and which frames
/// it looks at.
struct RuleType {
  const char *Prefix;
  FindingKind Kinds[2];
  unsigned NumKinds;
  bool TopOnly, LibOnly;
};
const RuleType Types[] = {
    {"race:", {FindingKind::DataRace}, 1, false, false},
    {"race_top:", {FindingKind::DataRace}, 1, true, false},
    {"deadlock:",
     {FindingKind::PotentialDeadlock, FindingKind::Deadlock},
     2,
     false,
     false},
    {"mutex:", {FindingKind::MutexMisuse}, 1, false, false},
    {"called_from_lib:",
     {FindingKind::DataRace, FindingKind::MutexMisuse},
     2,
     false,
     true},
    // ThreadSanitizer's thread-leak and signal-unsafe-call reports: ravel
    // has neither, so the rules load and match nothing.
    {"thread:", {}, 0, false, false},
    {"signal:", {}, 0, false, false},
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
  TextBuffer Text;
  if (!readFileRaw(Path, &Text)) {
    Err->appendf("cannot open suppressions file '%s' (suppressions= in "
                 "RAVEL_OPTIONS): check the path",
                 Path);
    return false;
  }
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
      for (const RuleType &T : Types) {
        size_t N = internalStrlen(T.Prefix);
        if (internalStrncmp(Line, T.Prefix, N))
          continue;
        for (unsigned K = 0; K < T.NumKinds; ++K)
          R.Kinds[R.NumKinds++] = T.Kinds[K];
        R.TopOnly = T.TopOnly;
        R.LibOnly = T.LibOnly;
        Pat = Line + N;
        break;
      }
      if (!Pat || !*Pat) {
        Err->appendf("%s:%u: expected TYPE:PATTERN with TYPE one of race, "
                     "race_top, deadlock, mutex, called_from_lib, thread, "
                     "signal; got '%s'",
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

namespace {
/// Whether Pattern names the whole program (its file name, globs allowed,
/// anchors implied), so that it matches every frame of the program, as a
/// module name does in ThreadSanitizer's rules. A pattern that is only a
/// part of the name does not: `race:count` must not silence a program
/// named `counter`.
bool namesProgram(const char *Pattern) {
  return suppressionNamesProgram(Pattern, program_invocation_short_name);
}
} // namespace

bool suppressionNamesProgram(const char *Pattern, const char *Name) {
  if (!Name || !*Name)
    return false;
  if (*Pattern == '^')
    ++Pattern;
  size_t L = internalStrlen(Pattern);
  char Buf[512];
  if (L + 3 >= sizeof(Buf))
    return false;
  Buf[0] = '^';
  internalMemcpy(Buf + 1, Pattern, L + 1);
  if (!L || Pattern[L - 1] != '$') {
    Buf[L + 1] = '$';
    Buf[L + 2] = 0;
  }
  return suppressionPatternMatches(Buf, Name);
}

namespace {

/// Whether rule R's pattern names frame S: its function or its file (for
/// an uninstrumented frame, the module), or for a frame of the program
/// itself the program's name.
bool matchesFrame(const Rule &R, const __ravel_site *S) {
  bool Foreign = isForeignSite(S);
  if (R.LibOnly && !Foreign)
    return false;
  if (suppressionPatternMatches(R.Pattern, S->function) ||
      suppressionPatternMatches(R.Pattern, S->file))
    return true;
  return !Foreign && namesProgram(R.Pattern);
}
} // namespace

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
      if (!R.LibOnly && suppressionPatternMatches(R.Pattern, FT.Variable))
        return R.Pattern;
      uint32_t Frames = R.TopOnly && FT.Stack.Size ? 1 : FT.Stack.Size;
      for (uint32_t S = 0; S < Frames; ++S)
        if (matchesFrame(R, FT.Stack.Frames[S]))
          return R.Pattern;
    }
    if (R.LibOnly)
      continue;
    for (uint32_t C = 0; C < F.CycleLen; ++C)
      if (suppressionPatternMatches(R.Pattern, F.Cycle[C].Holds) ||
          suppressionPatternMatches(R.Pattern, F.Cycle[C].Acquires))
        return R.Pattern;
  }
  return nullptr;
}

} // namespace ravel::rt
