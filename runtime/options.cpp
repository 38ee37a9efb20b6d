//===- runtime/options.cpp - strict RAVEL_OPTIONS parser ------------------===//
//
// One parse function per Kind of ravel/contract/options.inc; the key
// dispatch and the list of valid keys are generated from that table.
//
//===----------------------------------------------------------------------===//
#include "options.h"

namespace ravel::rt {

namespace {

/// The keys a user may set, space-separated (Internal keys are not listed).
constexpr size_t validKeysLength() {
  size_t N = 0;
  for (const contract::OptionInfo &O : contract::AllOptions)
    if (O.Owner != contract::OptionOwner::Internal) {
      for (const char *K = O.Key; *K; ++K)
        ++N;
      ++N;
    }
  return N;
}
struct ValidKeysText {
  char Text[validKeysLength() + 1] = {};
  constexpr ValidKeysText() {
    size_t N = 0;
    for (const contract::OptionInfo &O : contract::AllOptions)
      if (O.Owner != contract::OptionOwner::Internal) {
        if (N)
          Text[N++] = ' ';
        for (const char *K = O.Key; *K; ++K)
          Text[N++] = *K;
      }
  }
};
constexpr ValidKeysText ValidKeys;

bool parseUnsigned(const char *V, uint64_t Max, uint64_t *Out) {
  if (!*V)
    return false;
  uint64_t N = 0;
  for (; *V; ++V) {
    if (*V < '0' || *V > '9')
      return false;
    uint64_t D = static_cast<uint64_t>(*V - '0');
    if (D > Max || N > (Max - D) / 10)
      return false;
    N = N * 10 + D;
  }
  *Out = N;
  return true;
}

// The parsers of the kinds: true when Val is valid (then *Out is set).
bool parseMode(const char *Val, uint64_t, uint64_t, ScheduleMode *Out) {
  return contract::parseScheduleMode(Val, Out);
}

template <typename T>
bool parseNumber(const char *Val, uint64_t Min, uint64_t Max, T *Out) {
  uint64_t N = 0;
  if (!parseUnsigned(Val, Max, &N) || N < Min)
    return false;
  *Out = static_cast<T>(N);
  return true;
}

bool parseBool(const char *Val, uint64_t, uint64_t, bool *Out) {
  if (internalStrcmp(Val, "0") && internalStrcmp(Val, "1"))
    return false;
  *Out = Val[0] == '1';
  return true;
}

bool parsePath(const char *Val, uint64_t, uint64_t, const char **Out) {
  if (!*Val)
    return false;
  *Out = Val;
  return true;
}

/// "IN,OUT": two distinct descriptors in (2, Max]. *Expect is set to a
/// shorter message when the comma is missing.
bool parseFdPair(char *Val, uint64_t Max, int *In, int *Out,
                 const char **Expect) {
  char *Comma = Val;
  while (*Comma && *Comma != ',')
    ++Comma;
  if (!*Comma) {
    *Expect = "two file descriptors IN,OUT";
    return false;
  }
  *Comma = 0;
  uint64_t I = 0, O = 0;
  bool Ok = parseUnsigned(Val, Max, &I) && parseUnsigned(Comma + 1, Max, &O) &&
            I > 2 && O > 2 && I != O;
  *Comma = ',';
  if (Ok) {
    *In = static_cast<int>(I);
    *Out = static_cast<int>(O);
  }
  return Ok;
}

/// Sets the option Key of *Out from Val. Returns false with *Known false for
/// an unknown key, or with *Expect set for a bad value.
bool setOption(const char *Key, char *Val, Options *Out, bool *Known,
               const char **Expect) {
  *Known = true;
#define RAVEL_OPTION_Mode(Field, Min, Max) parseMode(Val, Min, Max, &Out->Field)
#define RAVEL_OPTION_Unsigned(Field, Min, Max)                                 \
  parseNumber(Val, Min, Max, &Out->Field)
#define RAVEL_OPTION_Bool(Field, Min, Max) parseBool(Val, Min, Max, &Out->Field)
#define RAVEL_OPTION_Path(Field, Min, Max) parsePath(Val, Min, Max, &Out->Field)
#define RAVEL_OPTION_FdPair(Field, Min, Max)                                   \
  parseFdPair(Val, Max, &Out->Field##In, &Out->Field##Out, Expect)
#define RAVEL_OPTION(Key_, Field, Kind, Type, Default, Min, Max, Owner,        \
                     Expect_, Doc)                                             \
  if (internalStrcmp(Key, #Key_) == 0) {                                       \
    *Expect = Expect_;                                                         \
    return RAVEL_OPTION_##Kind(Field, Min, Max);                               \
  }
#include "ravel/contract/options.inc"
#undef RAVEL_OPTION
#undef RAVEL_OPTION_Mode
#undef RAVEL_OPTION_Unsigned
#undef RAVEL_OPTION_Bool
#undef RAVEL_OPTION_Path
#undef RAVEL_OPTION_FdPair
  *Known = false;
  return false;
}

} // namespace

bool parseOptions(const char *Text, Options *Out, char *Storage,
                  size_t StorageSize, TextBuffer *Err) {
  *Out = Options();
  if (!Text)
    return true;
  size_t Len = internalStrlen(Text);
  if (Len + 1 > StorageSize) {
    Err->appendf("RAVEL_OPTIONS is too long (%zu bytes, at most %zu)", Len,
                 StorageSize - 1);
    return false;
  }
  internalMemcpy(Storage, Text, Len + 1);
  char *P = Storage;
  while (*P) {
    while (contract::isOptionSeparator(*P))
      *P++ = 0;
    if (!*P)
      break;
    char *Key = P;
    while (*P && !contract::isOptionSeparator(*P))
      ++P;
    if (*P)
      *P++ = 0;
    char *Eq = Key;
    while (*Eq && *Eq != '=')
      ++Eq;
    if (!*Eq) {
      Err->appendf("RAVEL_OPTIONS: '%s' is not key=value; valid keys: %s", Key,
                   ValidKeys.Text);
      return false;
    }
    *Eq = 0;
    char *Val = Eq + 1;
    bool Known = false;
    const char *Expect = "";
    if (setOption(Key, Val, Out, &Known, &Expect))
      continue;
    if (!Known)
      Err->appendf("RAVEL_OPTIONS: unknown option '%s'; valid keys: %s", Key,
                   ValidKeys.Text);
    else
      Err->appendf("RAVEL_OPTIONS: bad value '%s' for %s (expected %s)", Val,
                   Key, Expect);
    return false;
  }
  if (Out->Schedule == ScheduleMode::Replay && !Out->Replay) {
    Err->append("RAVEL_OPTIONS: schedule=replay needs replay=PATH");
    return false;
  }
  return true;
}

} // namespace ravel::rt
