//===- Scope.cpp - which rewrites apply to code from which file -----------===//
#include "Scope.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace ravel::instrument {

static bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (Dir.empty())
    return false;
  if (Dir == "/")
    return true;
  return Path.starts_with(Dir) &&
         (Path.size() == Dir.size() || Path[Dir.size()] == '/');
}

static std::string normalized(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  while (P.size() > 1 && P.back() == '/')
    P.pop_back();
  return std::string(P);
}

std::string Scope::absolute(llvm::StringRef Path) const {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  return normalized(P);
}

Scope::Scope(std::string RootDir, llvm::StringRef MainFile,
             std::vector<std::string> Dirs) {
  if (RootDir.empty()) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    RootDir = std::string(Cwd);
  }
  Root = absolute(RootDir);
  MainDir = std::string(llvm::sys::path::parent_path(absolute(MainFile)));
  for (const std::string &D : Dirs)
    InstrumentDirs.push_back(absolute(D));
}

ScopeClass Scope::classify(llvm::StringRef PresumedFile) {
  auto It = Cache.find(PresumedFile);
  if (It != Cache.end())
    return It->second;
  ScopeClass Class;
  if (PresumedFile.empty() || PresumedFile.starts_with("<")) {
    Class = ScopeClass::None;
  } else {
    std::string Abs = absolute(PresumedFile);
    bool Listed = false;
    for (const std::string &D : InstrumentDirs)
      Listed |= isUnder(Abs, D);
    if (Listed || isUnder(Abs, Root) || isUnder(Abs, MainDir))
      Class = ScopeClass::Full;
    else if (isUnder(Abs, "/usr/include") || isUnder(Abs, "/usr/lib") ||
             isUnder(Abs, "/usr/local/include") ||
             isUnder(Abs, RAVEL_CLANG_RESOURCE_DIR))
      Class = ScopeClass::None;
    else
      Class = ScopeClass::SyncOnly;
  }
  Cache[PresumedFile] = Class;
  return Class;
}

std::string Scope::siteFileName(llvm::StringRef PresumedFile) {
  std::string Abs = absolute(PresumedFile);
  if (isUnder(Abs, Root) && Abs.size() > Root.size())
    return Abs.substr(Root == "/" ? 1 : Root.size() + 1);
  return Abs;
}

} // namespace ravel::instrument
