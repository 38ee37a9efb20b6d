//===- tool/report/symbolize.cpp - source lines of uninstrumented frames --===//
#include "symbolize.h"

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/Error.h"

#include <map>
#include <utility>

namespace ravel::report {
namespace {
struct Where {
  bool Known = false;
  std::string File;
  int64_t Line = 0, Column = 0;
};

class Symbolizer {
public:
  Symbolizer() : Impl(options()) {}

  void frame(Frame &F) {
    if (!F.Uninstrumented || F.Module.empty() || F.Offset.empty())
      return;
    uint64_t Offset;
    if (llvm::StringRef(F.Offset).getAsInteger(0, Offset))
      return;
    const Where &W = lookup(F.Module, Offset);
    if (!W.Known)
      return;
    F.File = W.File;
    F.Line = W.Line;
    F.Column = W.Column;
  }
  void stack(Stack &S) {
    for (Frame &F : S)
      frame(F);
  }

private:
  static llvm::symbolize::LLVMSymbolizer::Options options() {
    llvm::symbolize::LLVMSymbolizer::Options O;
    O.Demangle = true;
    O.RelativeAddresses = true; // offsets from the module's load address
    O.UseSymbolTable = true;
    return O;
  }

  const Where &lookup(const std::string &Module, uint64_t Offset) {
    auto Key = std::make_pair(Module, Offset);
    auto It = Cache.find(Key);
    if (It != Cache.end())
      return It->second;
    Where W;
    llvm::Expected<llvm::DILineInfo> Info = Impl.symbolizeCode(
        Module, {Offset, llvm::object::SectionedAddress::UndefSection});
    if (!Info) {
      llvm::consumeError(Info.takeError());
    } else if (Info->FileName != llvm::DILineInfo::BadString &&
               !Info->FileName.empty() && Info->Line) {
      W.Known = true;
      W.File = Info->FileName;
      W.Line = Info->Line;
      W.Column = Info->Column;
    }
    return Cache.emplace(Key, W).first->second;
  }

  llvm::symbolize::LLVMSymbolizer Impl;
  std::map<std::pair<std::string, uint64_t>, Where> Cache;
};
} // namespace

void symbolizeFrames(std::vector<Finding> &Findings) {
  bool Any = false;
  auto Has = [&](const Stack &S) {
    for (const Frame &F : S)
      Any |= F.Uninstrumented;
  };
  for (const Finding &F : Findings) {
    for (const Thread &T : F.Threads) {
      Has(T.At);
      Has(T.CreatedAt);
      for (const HeldLock &L : T.LocksHeld)
        Has(L.Acquired);
    }
    for (const CycleEdge &E : F.Cycle) {
      Has(E.HoldsAt);
      Has(E.AcquiresAt);
    }
  }
  if (!Any)
    return; // no module to open
  Symbolizer S;
  for (Finding &F : Findings) {
    for (Thread &T : F.Threads) {
      S.stack(T.At);
      S.stack(T.CreatedAt);
      for (HeldLock &L : T.LocksHeld)
        S.stack(L.Acquired);
    }
    for (CycleEdge &E : F.Cycle) {
      S.stack(E.HoldsAt);
      S.stack(E.AcquiresAt);
    }
  }
}

} // namespace ravel::report
