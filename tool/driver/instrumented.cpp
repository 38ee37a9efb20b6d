//===- tool/driver/instrumented.cpp - was a program built with ravel? -----===//
#include "instrumented.h"

#include "ravel/contract/run.h"

#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"

namespace ravel::driver {

static bool definesSymbol(const llvm::object::ObjectFile &Obj,
                          llvm::StringRef Symbol) {
  auto IsMarker = [&](const llvm::object::SymbolRef &S) {
    llvm::Expected<llvm::StringRef> Name = S.getName();
    if (!Name) {
      llvm::consumeError(Name.takeError());
      return false;
    }
    if (*Name != Symbol)
      return false;
    llvm::Expected<uint32_t> Flags = S.getFlags();
    if (!Flags) {
      llvm::consumeError(Flags.takeError());
      return false;
    }
    return !(*Flags & llvm::object::SymbolRef::SF_Undefined);
  };
  for (const llvm::object::SymbolRef &S : Obj.symbols())
    if (IsMarker(S))
      return true;
  if (const auto *Elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(&Obj))
    for (const llvm::object::SymbolRef &S : Elf->getDynamicSymbolIterators())
      if (IsMarker(S))
        return true;
  return false;
}

llvm::Error checkInstrumented(const std::string &Path) {
  auto Bin = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Bin) {
    std::string Why = llvm::toString(Bin.takeError());
    return llvm::createStringError(
        Path + ": not an executable ravel can inspect (" + Why +
        "); ravel runs programs built with ravel-cc/ravel-c++");
  }
  if (!definesSymbol(*Bin->getBinary(), contract::RuntimeMarkerSymbol))
    return llvm::createStringError(
        Path + ": not built with ravel (the ravel runtime is not linked "
               "in); rebuild it with ravel-cc/ravel-c++, e.g. "
               "`CC=ravel-cc CXX=ravel-c++ cmake ...` or "
               "`ravel-c++ -pthread prog.cpp -o prog`");
  return llvm::Error::success();
}

bool hasForkServer(const std::string &Path) {
  auto Bin = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Bin) {
    llvm::consumeError(Bin.takeError());
    return false;
  }
  return definesSymbol(*Bin->getBinary(), contract::ForkServerSymbol);
}

} // namespace ravel::driver
