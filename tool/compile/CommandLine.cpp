//===- CommandLine.cpp - classify a compiler driver command line ----------===//
#include "CommandLine.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

namespace ravel::tool {

using llvm::StringRef;

SourceLanguage languageOf(const std::string &Path) {
  StringRef Ext = llvm::sys::path::extension(Path);
  if (Ext == ".c")
    return SourceLanguage::C;
  if (Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".C" ||
      Ext == ".c++" || Ext == ".cp" || Ext == ".CPP")
    return SourceLanguage::CXX;
  return SourceLanguage::Other;
}

static std::optional<SourceLanguage> languageNamed(StringRef X) {
  if (X == "none")
    return std::nullopt;
  if (X == "c")
    return SourceLanguage::C;
  if (X == "c++")
    return SourceLanguage::CXX;
  return SourceLanguage::Other;
}

namespace {

/// Flags whose value is the next argument.
bool takesValue(StringRef A) {
  return llvm::StringSwitch<bool>(A)
      .Cases("-o", "-x", "-I", "-D", "-U", "-include", "-imacros", true)
      .Cases("-isystem", "-iquote", "-idirafter", "-iprefix", "-iwithprefix",
             "-iwithprefixbefore", "-isysroot", true)
      .Cases("-MF", "-MT", "-MQ", "-MJ", "-L", "-Xlinker", "-Xclang", true)
      .Cases("-Xpreprocessor", "-Xassembler", "-target", "-arch", "-u", "-T",
             true)
      .Cases("-z", "--param", "-include-pch", "-aux-info", "-l", true)
      .Default(false);
}

bool isPreprocessorFlag(StringRef A) {
  if (A.starts_with("-D") || A.starts_with("-U") || A.starts_with("-I") ||
      A.starts_with("-Wp,") || A.starts_with("-iquote") ||
      A.starts_with("-isystem") || A.starts_with("-idirafter") ||
      A.starts_with("-iprefix") || A.starts_with("-iwithprefix") ||
      A.starts_with("-include") || A.starts_with("-imacros"))
    return true;
  return llvm::StringSwitch<bool>(A)
      .Cases("-nostdinc", "-nostdinc++", "-undef", "-C", "-CC", "-P", "-H",
             true)
      .Case("-Xpreprocessor", true)
      .Default(false);
}

bool isDependencyFlag(StringRef A) {
  return llvm::StringSwitch<bool>(A)
      .Cases("-M", "-MM", "-MD", "-MMD", "-MF", "-MT", "-MQ", true)
      .Cases("-MP", "-MG", "-MV", true)
      .Default(A.starts_with("-MF") || A.starts_with("-MT") ||
               A.starts_with("-MQ") || A.starts_with("-MJ"));
}

bool isLinkerFlag(StringRef A) {
  if (A.starts_with("-l") || A.starts_with("-L") || A.starts_with("-Wl,"))
    return true;
  return llvm::StringSwitch<bool>(A)
      .Cases("-Xlinker", "-shared", "-static", "-rdynamic", "-pie", "-u", true)
      .Cases("-T", "-z", "-s", "-static-libgcc", "-static-libstdc++", true)
      .Default(false);
}

/// Options GCC knows and clang-19 rejects or misreads; dropped with a note.
bool isGccOnly(StringRef A) {
  for (StringRef P : {"-fno-tree-",
                      "-ftree-",
                      "-fipa-",
                      "-fno-ipa-",
                      "-fvar-tracking",
                      "-fno-var-tracking",
                      "-flto-partition=",
                      "-fstack-reuse=",
                      "-fmax-errors=",
                      "-fno-lifetime-dse",
                      "-fconserve-stack",
                      "-fno-allow-store-data-races",
                      "-fno-aggressive-loop-optimizations",
                      "-fno-gcse",
                      "-fgcse",
                      "-fsched-",
                      "-fno-sched-",
                      "-fdump-",
                      "-fcompare-debug",
                      "-mabi=ms"})
    if (A.starts_with(P))
      return true;
  return false;
}

/// Flags that decide which diagnostics are warnings or errors.
bool isDiagnosticFlag(StringRef A) {
  if (A.starts_with("-Wl,") || A.starts_with("-Wp,") || A.starts_with("-Wa,"))
    return false;
  return A.starts_with("-W") || A == "-w" || A == "-pedantic" ||
         A == "-pedantic-errors" || A == "--pedantic" ||
         A == "--pedantic-errors" || A == "--no-warnings";
}

bool isQuery(StringRef A) {
  return A == "--version" || A == "-###" || A == "-dumpversion" ||
         A == "-dumpmachine" || A == "--help" || A.starts_with("-print-") ||
         A.starts_with("--print-");
}

} // namespace

std::vector<const Input *> CommandLine::instrumentable() const {
  std::vector<const Input *> Out;
  for (const Input &I : Inputs)
    if (I.Language != SourceLanguage::Other)
      Out.push_back(&I);
  return Out;
}

llvm::Expected<CommandLine> parseCommandLine(std::vector<std::string> Raw) {
  // Expand @response files the way GCC and clang do.
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 64> Argv;
  for (const std::string &A : Raw)
    Argv.push_back(Saver.save(A).data());
  if (!llvm::cl::ExpandResponseFiles(Saver, llvm::cl::TokenizeGNUCommandLine,
                                     Argv))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read a @response file");
  CommandLine CL;
  for (const char *A : Argv)
    CL.Args.push_back(A);

  bool SawC = false, SawS = false, SawE = false, SawDepsOnly = false,
       SawSyntax = false, SawQuery = false, SawV = false;
  std::optional<SourceLanguage> ForcedLanguage;
  const std::vector<std::string> &Args = CL.Args;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    bool Separate = takesValue(A) && I + 1 < Args.size();
    std::vector<std::string> Flag = {Args[I]};
    if (Separate)
      Flag.push_back(Args[I + 1]);
    auto ToAll = [&](bool Pre, bool Compile, bool Lang, bool Check = true) {
      if (Pre)
        CL.PreprocessFlags.insert(CL.PreprocessFlags.end(), Flag.begin(),
                                  Flag.end());
      if (Pre && Check)
        CL.CheckFlags.insert(CL.CheckFlags.end(), Flag.begin(), Flag.end());
      if (Compile)
        CL.CompileFlags.insert(CL.CompileFlags.end(), Flag.begin(), Flag.end());
      if (Lang)
        CL.LanguageFlags.insert(CL.LanguageFlags.end(), Flag.begin(),
                                Flag.end());
    };
    if (A == "--") {
      // Everything after `--` is an input (compilation databases use it).
      for (size_t J = I + 1; J < Args.size(); ++J)
        CL.Inputs.push_back(
            {Args[J], ForcedLanguage ? *ForcedLanguage : languageOf(Args[J]),
             J});
      break;
    }
    if (A == "-" || !A.starts_with("-")) {
      CL.Inputs.push_back({Args[I],
                           A == "-"         ? SourceLanguage::Other
                           : ForcedLanguage ? *ForcedLanguage
                                            : languageOf(Args[I]),
                           I});
      continue;
    }
    if (A == "-o") {
      if (!Separate)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "-o needs a file name");
      CL.Output = Args[I + 1];
      CL.OutputIndex = I;
    } else if (A.starts_with("-o")) {
      CL.Output = A.drop_front(2).str();
      CL.OutputIndex = I;
    } else if (A == "-x") {
      if (Separate)
        ForcedLanguage = languageNamed(Args[I + 1]);
    } else if (A.starts_with("-x")) {
      ForcedLanguage = languageNamed(A.drop_front(2));
    } else if (A == "-c") {
      SawC = true;
    } else if (A == "-S") {
      SawS = true;
    } else if (A == "-E") {
      SawE = true;
    } else if (A == "-fsyntax-only") {
      SawSyntax = true;
    } else if (A == "-v") {
      SawV = true;
      ToAll(true, true, false);
    } else if (isQuery(A)) {
      SawQuery = true;
    } else if (isGccOnly(A)) {
      CL.Dropped.push_back(Args[I]);
    } else if (isDependencyFlag(A)) {
      if (A == "-M" || A == "-MM")
        SawDepsOnly = true;
      CL.HasDepFile |= A == "-MD" || A == "-MMD";
      CL.HasDepTarget |= A.starts_with("-MT") || A.starts_with("-MQ");
      CL.HasDepOutput |= A.starts_with("-MF");
      ToAll(true, false, false, /*Check=*/false);
    } else if (isPreprocessorFlag(A)) {
      ToAll(true, false, false);
    } else if (isLinkerFlag(A)) {
      // link step only: it keeps the original arguments
    } else {
      // Language, target, optimisation, warning, debug flags.
      bool Lang = A.starts_with("-std=") || A.starts_with("-f") ||
                  A.starts_with("-m") || A.starts_with("--target") ||
                  A == "-target" || A == "-ansi" || A == "-Xclang" ||
                  A.starts_with("--std");
      if (A.starts_with("-fdiagnostics") || A.starts_with("-fcolor") ||
          A.starts_with("-fmessage-length") || A.starts_with("-fprofile") ||
          A.starts_with("-fsanitize"))
        Lang = false;
      ToAll(true, true, Lang);
      if (isDiagnosticFlag(A))
        CL.DiagnosticFlags.push_back(Args[I]);
    }
    if (Separate)
      ++I;
  }
  if (SawQuery || (SawV && CL.Inputs.empty()) || CL.Inputs.empty())
    CL.What = Mode::Query;
  else if (SawE || SawDepsOnly)
    CL.What = Mode::Preprocess;
  else if (SawSyntax)
    CL.What = Mode::SyntaxOnly;
  else if (SawS)
    CL.What = Mode::Assembly;
  else if (SawC)
    CL.What = Mode::Object;
  else
    CL.What = Mode::Link;
  return CL;
}

} // namespace ravel::tool
