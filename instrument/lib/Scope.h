//===- Scope.h - which rewrites apply to code from which file ---*- C++ -*-===//
//
// Classifies the presumed file (as named by the line markers) of a
// construct:
//   Full     - under the project root, the main file's directory or an
//              --instrument-dir: every rewrite;
//   SyncOnly - other non-system headers: atomics and sync sites only, so the
//              happens-before they create is seen;
//   None     - system headers (/usr/include, /usr/lib, /usr/local/include,
//              Clang's resource directory) and compiler-generated text.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_SCOPE_H
#define RAVEL_INSTRUMENT_SCOPE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace ravel::instrument {

enum class ScopeClass { None, SyncOnly, Full };

class Scope {
public:
  /// \p Root: project root (absolute); \p MainFile: the TU's main source;
  /// \p InstrumentDirs: extra directories to treat as Full.
  Scope(std::string Root, llvm::StringRef MainFile,
        std::vector<std::string> InstrumentDirs);

  ScopeClass classify(llvm::StringRef PresumedFile);

  /// The file name recorded in sites: relative to the root when under it,
  /// absolute otherwise.
  std::string siteFileName(llvm::StringRef PresumedFile);

  const std::string &root() const { return Root; }

private:
  std::string absolute(llvm::StringRef Path) const;

  std::string Root;
  std::string MainDir;
  std::vector<std::string> InstrumentDirs;
  llvm::StringMap<ScopeClass> Cache;
};

} // namespace ravel::instrument

#endif
