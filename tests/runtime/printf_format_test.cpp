// printf_format against glibc's own parser (parse_printf_format) on seeded
// random formats, and the memory the walk names for chosen calls.
#include "printf_format.h"

#include <gtest/gtest.h>
#include <printf.h>

#include <random>
#include <string>
#include <vector>

using namespace ravel::rt;

namespace {
/// How va_arg reads an argument on LP64 targets: one general register slot
/// (every integer, pointer and string), a vector slot (double) or memory
/// (long double). glibc's parse_printf_format does not say an integer's or
/// %n target's size, so the class is what it can check; the sizes are
/// checked by WalkNamesStringsAndCounts.
enum class Slot { General, Vector, Memory };
Slot slotOf(FormatArg::Kind K) {
  switch (K) {
  case FormatArg::Double:
    return Slot::Vector;
  case FormatArg::LongDouble:
    return Slot::Memory;
  default:
    return Slot::General;
  }
}
Slot glibcSlot(int T) {
  if (T & PA_FLAG_PTR)
    return Slot::General;
  switch (T & ~PA_FLAG_MASK) {
  case PA_FLOAT:
  case PA_DOUBLE:
    return (T & PA_FLAG_LONG_DOUBLE) ? Slot::Memory : Slot::Vector;
  default:
    return Slot::General;
  }
}

std::string randomConversion(std::mt19937 &R) {
  auto Pick = [&](std::initializer_list<const char *> L) {
    std::uniform_int_distribution<size_t> D(0, L.size() - 1);
    return std::string(L.begin()[D(R)]);
  };
  std::string S = "%";
  S += Pick({"", "-", "+", " ", "#", "0", "-0", "'"});
  S += Pick({"", "", "7", "12", "*"});
  S += Pick({"", "", ".3", ".0", ".*", "."});
  switch (std::uniform_int_distribution<int>(0, 6)(R)) {
  case 0:
  case 1: // integers
    S += Pick({"", "hh", "h", "l", "ll", "q", "L", "j", "z", "Z", "t"});
    S += Pick({"d", "i", "o", "u", "x", "X"});
    break;
  case 2: // floating point
    S += Pick({"", "l", "L"});
    S += Pick({"e", "E", "f", "F", "g", "G", "a", "A"});
    break;
  case 3:
    S += Pick({"", "l"});
    S += Pick({"c", "s"});
    break;
  case 4:
    S += Pick({"p", "S", "C", "m", "s"});
    break;
  case 5: // %n takes no width or precision
    S = "%" + Pick({"", "hh", "h", "l", "ll", "j", "z", "t"}) + "n";
    break;
  default:
    S = Pick({"%%", "text", " ", "%%d"});
    break;
  }
  return S;
}
} // namespace

TEST(PrintfFormat, ArgumentsAgreeWithGlibcOnRandomFormats) {
  for (unsigned Seed = 1; Seed <= 400; ++Seed) {
    std::mt19937 R(Seed);
    std::string Fmt;
    int Pieces = std::uniform_int_distribution<int>(0, 8)(R);
    for (int I = 0; I < Pieces; ++I)
      Fmt += randomConversion(R);
    SCOPED_TRACE("seed " + std::to_string(Seed) + ": \"" + Fmt + "\"");
    std::vector<int> Types(64);
    size_t Want = parse_printf_format(Fmt.c_str(), Types.size(), Types.data());
    ASSERT_LE(Want, Types.size());
    FormatArg Got[64];
    bool Complete;
    unsigned N = parsePrintfFormat(Fmt.c_str(), Got, 64, &Complete);
    EXPECT_TRUE(Complete);
    ASSERT_EQ(N, Want);
    for (unsigned I = 0; I < N; ++I) {
      EXPECT_EQ(slotOf(Got[I].K), glibcSlot(Types[I])) << "argument " << I;
      if ((Types[I] & ~PA_FLAG_MASK) == PA_STRING && !(Types[I] & PA_FLAG_PTR))
        EXPECT_TRUE(Got[I].K == FormatArg::String ||
                    Got[I].K == FormatArg::Pointer) // %ls: wide
            << "argument " << I;
      if (Types[I] & PA_FLAG_PTR)
        EXPECT_EQ(Got[I].K, FormatArg::Count) << "argument " << I;
    }
  }
}

TEST(PrintfFormat, PositionalAndUnknownStopTheParse) {
  FormatArg A[8];
  bool Complete;
  EXPECT_EQ(parsePrintfFormat("%d %1$s", A, 8, &Complete), 1u);
  EXPECT_FALSE(Complete);
  EXPECT_EQ(parsePrintfFormat("%*1$d", A, 8, &Complete), 0u);
  EXPECT_FALSE(Complete);
  EXPECT_EQ(parsePrintfFormat("%s %y %s", A, 8, &Complete), 1u);
  EXPECT_FALSE(Complete);
  EXPECT_EQ(parsePrintfFormat("%d%d%d", A, 2, &Complete), 2u);
  EXPECT_FALSE(Complete);
}

namespace {
struct Seen {
  const void *P;
  size_t Size;
  bool Write;
  bool operator==(const Seen &O) const {
    return P == O.P && Size == O.Size && Write == O.Write;
  }
};
std::vector<Seen> walk(const char *Fmt, ...) {
  std::vector<Seen> Out;
  va_list Ap;
  va_start(Ap, Fmt);
  walkPrintfFormat(
      Fmt, Ap,
      [](void *C, const void *P, size_t Size, bool Write) {
        static_cast<std::vector<Seen> *>(C)->push_back({P, Size, Write});
      },
      &Out);
  va_end(Ap);
  return Out;
}
} // namespace

TEST(PrintfFormat, WalkNamesStringsAndCounts) {
  const char *F = "%s|%.2s|%.*s|%5.10s|%s|%n%d%f%ln%hhn%hn%zn%Lf%lln";
  char A[] = "hello", B[] = "world", C[] = "xyz", D[] = "ab";
  int N1 = 0;
  long N2 = 0;
  signed char N3;
  short N4;
  size_t N5;
  long long N6;
  std::vector<Seen> Got = walk(F, A, B, 1, C, D, (char *)nullptr, &N1, 42,
                               2.5, &N2, &N3, &N4, &N5, 1.5L, &N6);
  std::vector<Seen> Want = {
      {F, strlen(F) + 1, false},
      {A, 6, false},  // the string and its NUL
      {B, 2, false},  // precision 2: the NUL is not reached
      {C, 1, false},  // precision 1 from the argument
      {D, 3, false},  // shorter than the precision: NUL read
      {&N1, sizeof(int), true},
      {&N2, sizeof(long), true},
      {&N3, 1, true},
      {&N4, sizeof(short), true},
      {&N5, sizeof(size_t), true},
      {&N6, sizeof(long long), true},
  };
  EXPECT_EQ(Got, Want);
}
