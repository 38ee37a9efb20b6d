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

namespace {
template <typename Fn> void forEachStack(Finding &F, Fn Visit) {
  for (Thread &T : F.Threads) {
    Visit(T.At);
    Visit(T.CreatedAt);
    for (HeldLock &L : T.LocksHeld)
      Visit(L.Acquired);
  }
  for (CycleEdge &E : F.Cycle) {
    Visit(E.HoldsAt);
    Visit(E.AcquiresAt);
  }
}
} // namespace

class FrameSymbolizer::Impl : public Symbolizer {};

FrameSymbolizer::FrameSymbolizer() = default;
FrameSymbolizer::~FrameSymbolizer() = default;

void FrameSymbolizer::symbolize(Finding &F) {
  bool Any = false;
  forEachStack(F, [&](Stack &S) {
    for (const Frame &Fr : S)
      Any |= Fr.Uninstrumented;
  });
  if (!Any)
    return;
  if (!P)
    P = std::make_unique<Impl>(); // opens modules only when needed
  forEachStack(F, [&](Stack &S) { P->stack(S); });
}

void symbolizeFrames(std::vector<Finding> &Findings) {
  FrameSymbolizer S;
  for (Finding &F : Findings)
    S.symbolize(F);
}

} // namespace ravel::report
