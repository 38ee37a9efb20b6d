//===- InstrumentCommand.cpp - ravel instrument ---------------------------===//
//
// `ravel instrument [-p BUILD_DIR] FILE... [-o DIR] [--stats] [--root DIR]
//  [--instrument-dir DIR]... [-- COMPILER FLAGS]`: prints (or writes into DIR)
// the instrumented translation unit of each FILE, using its entry in
// BUILD_DIR/compile_commands.json, else the flags after `--`.
//
//===----------------------------------------------------------------------===//
#include "CommandLine.h"
#include "Pipeline.h"
#include "commands.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

namespace ravel::tool {

namespace {

/// Runs \p Fn with the working directory set to \p Dir (compile commands are
/// relative to their directory).
template <class Fn> auto inDirectory(const std::string &Dir, Fn F) {
  llvm::SmallString<256> Old;
  llvm::sys::fs::current_path(Old);
  if (!Dir.empty())
    llvm::sys::fs::set_current_path(Dir);
  auto Result = F();
  llvm::sys::fs::set_current_path(Old);
  return Result;
}

std::string absolutePath(const std::string &P) {
  llvm::SmallString<256> A(P);
  llvm::sys::fs::make_absolute(A);
  llvm::sys::path::remove_dots(A, true);
  return std::string(A);
}

} // namespace

int instrumentMain(const std::vector<std::string> &AllArgs) {
  std::vector<std::string> Args, Extra;
  auto Dash = std::find(AllArgs.begin(), AllArgs.end(), "--");
  Args.assign(AllArgs.begin(), Dash);
  if (Dash != AllArgs.end())
    Extra.assign(Dash + 1, AllArgs.end());

  CLI::App App{"Print or write the instrumented source of each FILE.",
               "ravel instrument"};
  std::vector<std::string> Files, InstrumentDirs;
  std::string BuildDir, OutDir, Root;
  bool PrintStats = false;
  App.add_option("FILE", Files, "source files")->required();
  App.add_option("-p", BuildDir,
                 "build directory holding compile_commands.json");
  App.add_option("-o", OutDir, "write DIR/<name>.i or .ii instead of printing");
  App.add_flag("--stats", PrintStats, "print per-reason counts to stderr");
  App.add_option("--root", Root,
                 "project root (default: the compile's working directory)");
  App.add_option("--instrument-dir", InstrumentDirs,
                 "also instrument plain accesses of headers under DIR");
  App.footer("Flags after `--` are the compile flags when there is no "
             "compilation database.");
  try {
    App.parse(std::vector<std::string>(Args.rbegin(), Args.rend()));
  } catch (const CLI::ParseError &E) {
    int Code = App.exit(E);
    return Code == 0 ? 0 : 2;
  }

  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  if (!BuildDir.empty()) {
    std::string Err;
    Database = clang::tooling::JSONCompilationDatabase::loadFromDirectory(
        BuildDir, Err);
    if (!Database) {
      llvm::errs() << "ravel instrument: " << Err
                   << "\nravel instrument: configure the build with "
                      "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON\n";
      return 2;
    }
  }
  if (!OutDir.empty())
    llvm::sys::fs::create_directories(OutDir);

  instrument::Options Options = optionsFromEnvironment();
  if (!Root.empty())
    Options.Root = absolutePath(Root);
  for (const std::string &D : InstrumentDirs)
    Options.InstrumentDirs.push_back(absolutePath(D));

  llvm::Expected<TempDir> Temp = TempDir::create();
  if (!Temp) {
    llvm::errs() << "ravel instrument: " << llvm::toString(Temp.takeError())
                 << "\n";
    return 2;
  }
  int Status = 0;
  unsigned Index = 0;
  for (const std::string &File : Files) {
    std::string Path = absolutePath(File);
    if (!llvm::sys::fs::exists(Path)) {
      llvm::errs() << "ravel instrument: " << File << ": no such file\n";
      Status = 2;
      continue;
    }
    std::vector<std::string> Flags = Extra;
    std::string Directory;
    if (Database) {
      std::vector<clang::tooling::CompileCommand> Commands =
          Database->getCompileCommands(Path);
      if (Commands.empty()) {
        llvm::errs() << "ravel instrument: " << File << " is not in "
                     << BuildDir << "/compile_commands.json\n";
        Status = 2;
        continue;
      }
      Directory = Commands.front().Directory;
      Flags.assign(Commands.front().CommandLine.begin() + 1,
                   Commands.front().CommandLine.end());
    } else {
      Flags.push_back(Path);
    }
    llvm::Expected<CommandLine> CL = parseCommandLine(Flags);
    if (!CL) {
      llvm::errs() << "ravel instrument: " << llvm::toString(CL.takeError())
                   << "\n";
      return 2;
    }
    const Input *Source = nullptr;
    for (const Input &I : CL->Inputs)
      if (absolutePath(Directory.empty() ? I.Path : Directory + "/" + I.Path) ==
              Path ||
          absolutePath(I.Path) == Path)
        Source = &I;
    if (!Source || Source->Language == SourceLanguage::Other) {
      llvm::errs() << "ravel instrument: " << File
                   << ": not a C or C++ source (use -x c / -x c++ after --)\n";
      Status = 2;
      continue;
    }
    std::string Compiler =
        Source->Language == SourceLanguage::CXX ? "clang++-19" : "clang-19";
    SourceJob Job{Compiler, &*CL, Source, Temp->path(), Options, Index++};
    llvm::Expected<instrument::Result> R = inDirectory(
        Directory, [&] { return instrumentSource(Job, "ravel-instrument.o"); });
    if (!R) {
      llvm::errs() << "ravel instrument: " << llvm::toString(R.takeError())
                   << "\n";
      Status = 1;
      continue;
    }
    if (PrintStats)
      llvm::errs() << File << ":\n" << R->Statistics.format();
    if (OutDir.empty()) {
      llvm::outs() << R->Source;
      continue;
    }
    llvm::SmallString<256> OutPath(OutDir);
    llvm::sys::path::append(OutPath, llvm::sys::path::stem(File));
    OutPath += Source->Language == SourceLanguage::CXX ? ".ii" : ".i";
    std::error_code EC;
    llvm::raw_fd_ostream Out(OutPath, EC);
    if (EC) {
      llvm::errs() << "ravel instrument: cannot write " << OutPath << ": "
                   << EC.message() << "\n";
      return 2;
    }
    Out << R->Source;
  }
  return Status;
}

} // namespace ravel::tool
