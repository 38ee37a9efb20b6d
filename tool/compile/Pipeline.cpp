//===- Pipeline.cpp - preprocess, instrument, compile one source ----------===//
#include "Pipeline.h"
#include "commands.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace ravel::tool {

static bool envFlag(const char *Name) {
  const char *V = std::getenv(Name);
  return V && *V && std::string(V) != "0";
}

int runProgram(const std::vector<std::string> &Argv) {
  if (Argv.empty())
    return -1;
  std::string Program = Argv[0];
  if (Program.find('/') == std::string::npos) {
    llvm::ErrorOr<std::string> Found = llvm::sys::findProgramByName(Program);
    if (!Found) {
      llvm::errs() << "ravel: cannot find the compiler '" << Program
                   << "' on PATH; set RAVEL_REAL_CC / RAVEL_REAL_CXX\n";
      return -1;
    }
    Program = *Found;
  }
  if (envFlag("RAVEL_VERBOSE")) {
    llvm::errs() << "ravel:";
    for (const std::string &A : Argv)
      llvm::errs() << " " << A;
    llvm::errs() << "\n";
  }
  std::vector<llvm::StringRef> Refs(Argv.begin(), Argv.end());
  std::string Err;
  int Code =
      llvm::sys::ExecuteAndWait(Program, Refs, std::nullopt, {}, 0, 0, &Err);
  if (Code < 0)
    llvm::errs() << "ravel: cannot run " << Program << ": " << Err << "\n";
  return Code;
}

llvm::Expected<TempDir> TempDir::create() {
  llvm::SmallString<128> Path;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("ravel", Path))
    return llvm::createStringError(
        EC, "cannot create a temporary directory: %s", EC.message().c_str());
  return TempDir(std::string(Path));
}

TempDir::~TempDir() {
  if (Path.empty())
    return;
  if (envFlag("RAVEL_KEEP_TEMPS")) {
    llvm::errs() << "ravel: kept temporary files in " << Path << "\n";
    return;
  }
  llvm::sys::fs::remove_directories(Path);
}

instrument::Options optionsFromEnvironment() {
  instrument::Options O;
  if (const char *Root = std::getenv("RAVEL_ROOT"))
    O.Root = Root;
  if (const char *Dirs = std::getenv("RAVEL_INSTRUMENT_DIRS")) {
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    llvm::StringRef(Dirs).split(Parts, ':', -1, false);
    for (llvm::StringRef P : Parts)
      O.InstrumentDirs.push_back(P.str());
  }
  return O;
}

static std::string replaceExtension(llvm::StringRef Path, llvm::StringRef Ext) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::replace_extension(P, Ext);
  return std::string(P);
}

/// libstdc++'s reference counts (shared_ptr, COW strings, locales) order
/// their last release before the object's destruction with atomics in its
/// headers, which are not rewritten. libstdc++ marks those points with the
/// race-detector hooks _GLIBCXX_SYNCHRONIZATION_HAPPENS_BEFORE/AFTER (empty
/// by default, bits/c++config.h); defining them as release and acquire on
/// the counter makes ravel see the order, as Helgrind's manual suggests for
/// its own annotations. The declaration is local to each use (an asm label
/// names the C symbol), so no header is needed. A user's own definition
/// wins.
static void addLibstdcxxSyncHooks(const std::vector<std::string> &UserFlags,
                                  std::vector<std::string> &Argv) {
  for (const char *Hook : {"BEFORE", "AFTER"}) {
    std::string Name = std::string("_GLIBCXX_SYNCHRONIZATION_HAPPENS_") + Hook;
    bool UserDefined = false;
    for (const std::string &F : UserFlags)
      UserDefined |= llvm::StringRef(F).starts_with("-D" + Name) ||
                     llvm::StringRef(F).starts_with("-U" + Name);
    if (UserDefined)
      continue;
    int Op = std::string(Hook) == "BEFORE" ? 1 : 3; // RAVEL_SYNC_RELEASE/ACQUIRE
    Argv.push_back("-D" + Name +
                   "(A)=do { extern int __ravel_sync_hook(const void *, int, "
                   "const void *) __asm__(\"__ravel_sync\"); "
                   "__ravel_sync_hook((A), " +
                   std::to_string(Op) + ", 0); } while (0)");
  }
}

/// ravel's public headers: bin/../include next to the ravel executable
/// (the build tree and an installed tree alike), or RAVEL_INCLUDE_DIR.
static std::string publicIncludeDirectory() {
  if (const char *Env = std::getenv("RAVEL_INCLUDE_DIR"))
    return Env;
  llvm::SmallString<256> P(selfDirectory());
  llvm::sys::path::append(P, "..", "include");
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

/// The macros ravel defines for every source it builds, before the user's
/// flags (the preprocessing and the check of the source see the same text).
static void addRavelDefines(const SourceJob &Job,
                            std::vector<std::string> &Argv) {
  Argv.push_back(std::string("-D") + instrument::AbiGuardMacro);
  // __RAVEL__ turns on <ravel/annotations.h>; the headers are found after
  // the user's own directories, except Helgrind's <valgrind/helgrind.h>,
  // which ravel's compatibility header wraps (it includes the real one).
  Argv.push_back("-D__RAVEL__=1");
  std::string Include = publicIncludeDirectory();
  Argv.push_back("-idirafter");
  Argv.push_back(Include);
  Argv.push_back("-isystem");
  Argv.push_back(Include + "/ravel/compat");
  if (Job.Source->Language == SourceLanguage::CXX)
    addLibstdcxxSyncHooks(Job.Command->PreprocessFlags, Argv);
}

/// The user's diagnostics come from clang checking the original source
/// (-fsyntax-only, the user's flags and ravel's macros): every warning and
/// error names the user's file, line and column, quotes the user's line
/// and shows macro expansions as clang does. The rewritten text is then
/// compiled with the frontend's warnings off (compileSource). Returns
/// clang's exit code.
static llvm::Expected<int> checkSource(const SourceJob &Job) {
  bool CXX = Job.Source->Language == SourceLanguage::CXX;
  std::vector<std::string> Argv = {Job.Compiler, "-fsyntax-only"};
  addRavelDefines(Job, Argv);
  const CommandLine &CL = *Job.Command;
  Argv.insert(Argv.end(), CL.CheckFlags.begin(), CL.CheckFlags.end());
  Argv.insert(Argv.end(), {"-x", CXX ? "c++" : "c", Job.Source->Path});
  int Code = runProgram(Argv);
  if (Code < 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot run %s to check %s",
                                   Job.Compiler.c_str(),
                                   Job.Source->Path.c_str());
  return Code;
}

/// Warnings only the backend gives (after the frontend, from code
/// generation): they stay on when the rewritten text is compiled with the
/// frontend's warnings off, as the user's flags set them. Their line is the
/// user's (line markers); their column may be the rewritten line's.
static bool isBackendWarningFlag(llvm::StringRef F) {
  if (F == "-w")
    return true;
  if (!F.consume_front("-W"))
    return false;
  F.consume_front("no-");
  F.consume_front("error=");
  return F.starts_with("frame-larger-than") ||
         llvm::is_contained({"attribute-warning", "inline-asm", "backend-plugin",
                             "source-mgr", "pass-failed", "misexpect"},
                            F);
}

llvm::Expected<instrument::Result>
instrumentSource(const SourceJob &Job, const std::string &DepTarget) {
  const CommandLine &CL = *Job.Command;
  bool CXX = Job.Source->Language == SourceLanguage::CXX;
  std::string Stem = std::to_string(Job.Index) + "-" +
                     llvm::sys::path::stem(Job.Source->Path).str();
  std::string Preprocessed =
      Job.TempDir + "/" + Stem + (CXX ? ".pp.ii" : ".pp.i");

  std::vector<std::string> Argv = {Job.Compiler, "-E"};
  addRavelDefines(Job, Argv);
  Argv.insert(Argv.end(), CL.PreprocessFlags.begin(), CL.PreprocessFlags.end());
  // The preprocessor's warnings (#warning, -Wunused-macros) were the
  // check's to give.
  if (Job.Checked)
    Argv.push_back("-w");
  if (CL.HasDepFile) {
    // The .d file must name the real object, not our temporary.
    if (!CL.HasDepTarget)
      Argv.insert(Argv.end(), {"-MT", DepTarget});
    if (!CL.HasDepOutput)
      Argv.insert(Argv.end(),
                  {"-MF", replaceExtension(
                              CL.Output.empty() || CL.What == Mode::Link
                                  ? llvm::sys::path::filename(Job.Source->Path)
                                  : llvm::StringRef(CL.Output),
                              "d")});
  }
  Argv.insert(Argv.end(),
              {"-x", CXX ? "c++" : "c", Job.Source->Path, "-o", Preprocessed});
  int Code = runProgram(Argv);
  if (Code != 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: preprocessing failed (exit %d)",
                                   Job.Source->Path.c_str(), Code);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Preprocessed);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read %s",
                                   Preprocessed.c_str());
  std::vector<std::string> ParseFlags = CL.LanguageFlags;
  ParseFlags.insert(ParseFlags.end(), CL.DiagnosticFlags.begin(),
                    CL.DiagnosticFlags.end());
  return instrument::instrumentPreprocessed(
      (*Buffer)->getBuffer(), Job.Source->Path, CXX, ParseFlags, Job.Options);
}

llvm::Expected<int> compileSource(const SourceJob &Job,
                                  const std::string &ObjectPath,
                                  bool Assembly) {
  llvm::Expected<int> Checked = checkSource(Job);
  if (!Checked || *Checked != 0)
    return Checked;
  SourceJob Quiet = Job;
  Quiet.Checked = true;
  llvm::Expected<instrument::Result> R = instrumentSource(Quiet, ObjectPath);
  if (!R)
    return R.takeError();
  if (envFlag("RAVEL_STATS"))
    llvm::errs() << "ravel: " << Job.Source->Path << ":\n"
                 << R->Statistics.format();
  bool CXX = Job.Source->Language == SourceLanguage::CXX;
  std::string Stem = std::to_string(Job.Index) + "-" +
                     llvm::sys::path::stem(Job.Source->Path).str();
  std::string Rewritten =
      Job.TempDir + "/" + Stem + (CXX ? ".ravel.ii" : ".ravel.i");
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Rewritten, EC);
    if (EC)
      return llvm::createStringError(EC, "cannot write %s", Rewritten.c_str());
    Out << R->Source;
  }
  std::vector<std::string> Argv = {Job.Compiler, "-x",
                                   CXX ? "c++-cpp-output" : "cpp-output"};
  Argv.insert(Argv.end(), Job.Command->CompileFlags.begin(),
              Job.Command->CompileFlags.end());
  // The frontend's warnings were given by checkSource on the user's text;
  // here they would quote rewritten lines at rewritten columns. The
  // backend's warnings stay as the user's flags set them (after their
  // defaults: on; frame-larger-than needs the user's limit anyway).
  Argv.insert(Argv.end(),
              {"-Wno-everything", "-Wattribute-warning", "-Winline-asm",
               "-Wbackend-plugin", "-Wsource-mgr", "-Wpass-failed"});
  for (const std::string &F : Job.Command->DiagnosticFlags)
    if (isBackendWarningFlag(F))
      Argv.push_back(F);
  Argv.insert(Argv.end(),
              {Assembly ? "-S" : "-c", Rewritten, "-o", ObjectPath});
  return runProgram(Argv);
}

} // namespace ravel::tool
