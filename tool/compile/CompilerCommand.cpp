//===- CompilerCommand.cpp - ravel cc / ravel c++ -------------------------===//
//
// A drop-in compiler: every C and C++ source it compiles is instrumented
// (Pipeline.h), everything else is passed to the real compiler untouched, and
// link steps get libravel_rt (whole archive, so its interceptors win over
// libc/libpthread for libstdc++'s calls too).
//
//===----------------------------------------------------------------------===//
#include "CommandLine.h"
#include "Pipeline.h"
#include "commands.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace ravel::tool {

static std::string realCompiler(Language Lang) {
  const char *Env =
      std::getenv(Lang == Language::C ? "RAVEL_REAL_CC" : "RAVEL_REAL_CXX");
  if (Env && *Env)
    return Env;
  return Lang == Language::C ? "clang-19" : "clang++-19";
}

/// The runtime archive next to the ravel executable (bin/../lib).
static std::string runtimeArchive() {
  if (const char *Env = std::getenv("RAVEL_RUNTIME_LIB"))
    return Env;
  llvm::SmallString<256> P(selfDirectory());
  llvm::sys::path::append(P, "..", "lib", "libravel_rt.a");
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

static bool linksRuntime(const CommandLine &CL) {
  for (const std::string &A : CL.Args)
    if (A == "-shared" || A == "-r" || A == "-nostdlib")
      return false; // libraries get the runtime from their executable
  return CL.What == Mode::Link;
}

static llvm::Expected<std::vector<std::string>> runtimeFlags() {
  std::string Archive = runtimeArchive();
  if (!llvm::sys::fs::exists(Archive))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the ravel runtime %s is missing; build ravel with its runtime "
        "component (or set RAVEL_RUNTIME_LIB)",
        Archive.c_str());
  std::vector<std::string> Flags = {"-Wl,--whole-archive", Archive,
                                    "-Wl,--no-whole-archive", "-ldl",
                                    "-lpthread"};
  // The runtime is C++ but uses no part of libstdc++ or libm (ground rule
  // 3 of runtime/runtime.h): a C program links only libc, so each run starts
  // without their constructors and symbol bindings.
  return Flags;
}

static std::vector<std::string>
withoutDropped(const CommandLine &CL, const std::vector<std::string> &Args) {
  std::set<std::string> Dropped(CL.Dropped.begin(), CL.Dropped.end());
  std::vector<std::string> Out;
  for (const std::string &A : Args)
    if (!Dropped.count(A))
      Out.push_back(A);
  return Out;
}

static std::string objectName(const Input &Source, Mode What) {
  llvm::SmallString<256> P(llvm::sys::path::filename(Source.Path));
  llvm::sys::path::replace_extension(P, What == Mode::Assembly ? "s" : "o");
  return std::string(P);
}

/// Launcher use (CMAKE_<LANG>_COMPILER_LAUNCHER=ravel-c++): the first
/// argument is the compiler itself. A clang is used as the real compiler;
/// any other (gcc) is replaced by clang-19, which the instrumented code needs.
static bool takeLauncherCompiler(std::vector<std::string> &Args, Language &Lang,
                                 std::string &Real) {
  if (Args.empty() || Args[0].empty() || Args[0][0] == '-' ||
      languageOf(Args[0]) != SourceLanguage::Other)
    return false;
  llvm::StringRef Name = llvm::sys::path::filename(Args[0]);
  bool Compiler = Name.starts_with("clang") || Name.starts_with("gcc") ||
                  Name.starts_with("g++") || Name == "cc" || Name == "c++";
  if (!Compiler)
    return false;
  Lang = Name.contains("++") ? Language::CXX : Language::C;
  Real = Name.starts_with("clang") ? Args[0] : realCompiler(Lang);
  Args.erase(Args.begin());
  return true;
}

int compilerMain(Language Lang, const std::vector<std::string> &Original) {
  std::vector<std::string> RawArgs = Original;
  std::string Real = realCompiler(Lang);
  takeLauncherCompiler(RawArgs, Lang, Real);
  llvm::Expected<CommandLine> Parsed = parseCommandLine(RawArgs);
  if (!Parsed) {
    llvm::errs() << "ravel: " << llvm::toString(Parsed.takeError()) << "\n";
    return 2;
  }
  const CommandLine &CL = *Parsed;
  for (const std::string &D : CL.Dropped)
    llvm::errs() << "ravel: note: dropping GCC-only flag '" << D
                 << "' (instrumented code is compiled by clang)\n";

  std::vector<std::string> Runtime;
  if (linksRuntime(CL)) {
    llvm::Expected<std::vector<std::string>> Flags = runtimeFlags();
    if (!Flags) {
      llvm::errs() << "ravel: " << llvm::toString(Flags.takeError()) << "\n";
      return 2;
    }
    Runtime = *Flags;
  }

  std::vector<const Input *> Sources = CL.instrumentable();
  bool PassThrough = Sources.empty() || CL.What == Mode::Preprocess ||
                     CL.What == Mode::Query || CL.What == Mode::SyntaxOnly;
  if (PassThrough) {
    std::vector<std::string> Argv = {Real};
    std::vector<std::string> Rest = withoutDropped(CL, CL.Args);
    Argv.insert(Argv.end(), Rest.begin(), Rest.end());
    // After `-x c -` (a source on stdin) the archive would be read as C.
    bool HasLanguage = std::any_of(Rest.begin(), Rest.end(), [](auto &A) {
      return llvm::StringRef(A).starts_with("-x");
    });
    if (HasLanguage && !Runtime.empty())
      Argv.insert(Argv.end(), {"-x", "none"});
    Argv.insert(Argv.end(), Runtime.begin(), Runtime.end());
    int Code = runProgram(Argv);
    return Code < 0 ? 2 : Code;
  }

  llvm::Expected<TempDir> Temp = TempDir::create();
  if (!Temp) {
    llvm::errs() << "ravel: " << llvm::toString(Temp.takeError()) << "\n";
    return 2;
  }
  instrument::Options Options = optionsFromEnvironment();

  // Compile each source; on a link step into temporaries that replace it.
  std::vector<std::string> Replacement(CL.Args.size());
  unsigned Index = 0;
  for (const Input *Source : Sources) {
    std::string Object;
    if (CL.What == Mode::Link)
      Object = Temp->path() + "/" + std::to_string(Index) + "-" +
               objectName(*Source, Mode::Object);
    else if (!CL.Output.empty() && Sources.size() == 1)
      Object = CL.Output;
    else
      Object = objectName(*Source, CL.What);
    SourceJob Job{Real, &CL, Source, Temp->path(), Options, Index++};
    llvm::Expected<int> Code =
        compileSource(Job, Object, CL.What == Mode::Assembly);
    if (!Code) {
      llvm::errs() << "ravel: " << llvm::toString(Code.takeError()) << "\n";
      return 1;
    }
    if (*Code != 0)
      return *Code < 0 ? 2 : *Code;
    Replacement[Source->ArgIndex] = Object;
  }
  if (CL.What != Mode::Link)
    return 0;

  // Link: the original command with objects for sources, no -x (the
  // objects must not be read as sources), plus the runtime.
  std::vector<std::string> Argv = {Real};
  for (size_t I = 0; I < CL.Args.size(); ++I) {
    const std::string &A = CL.Args[I];
    if (!Replacement[I].empty()) {
      Argv.push_back(Replacement[I]);
      continue;
    }
    if (A == "-x") {
      ++I;
      continue;
    }
    if (llvm::StringRef(A).starts_with("-x") ||
        std::find(CL.Dropped.begin(), CL.Dropped.end(), A) != CL.Dropped.end())
      continue;
    Argv.push_back(A);
  }
  Argv.insert(Argv.end(), Runtime.begin(), Runtime.end());
  int Code = runProgram(Argv);
  return Code < 0 ? 2 : Code;
}

} // namespace ravel::tool
