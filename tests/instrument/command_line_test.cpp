// Unit tests of the compiler wrappers' command-line classification.
#include "CommandLine.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace ravel::tool;

namespace {

CommandLine parse(std::vector<std::string> Args) {
  llvm::Expected<CommandLine> CL = parseCommandLine(std::move(Args));
  EXPECT_TRUE(static_cast<bool>(CL));
  if (!CL) {
    llvm::consumeError(CL.takeError());
    return {};
  }
  return std::move(*CL);
}

bool contains(const std::vector<std::string> &V, const std::string &S) {
  return std::find(V.begin(), V.end(), S) != V.end();
}

TEST(CommandLine, CompileToObject) {
  CommandLine CL = parse({"-c", "-O2", "-g", "-Iinc", "-DX=1", "src/a.c", "-o",
                          "obj/a.o", "-std=c11", "-Wall"});
  EXPECT_EQ(CL.What, Mode::Object);
  ASSERT_EQ(CL.Inputs.size(), 1u);
  EXPECT_EQ(CL.Inputs[0].Path, "src/a.c");
  EXPECT_EQ(CL.Inputs[0].Language, SourceLanguage::C);
  EXPECT_EQ(CL.Output, "obj/a.o");
  // Preprocessor flags go to -E only; -o/-c and the source to neither.
  EXPECT_TRUE(contains(CL.PreprocessFlags, "-Iinc"));
  EXPECT_TRUE(contains(CL.PreprocessFlags, "-DX=1"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-Iinc"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-DX=1"));
  EXPECT_TRUE(contains(CL.CompileFlags, "-O2"));
  EXPECT_TRUE(contains(CL.CompileFlags, "-g"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-c"));
  EXPECT_FALSE(contains(CL.CompileFlags, "obj/a.o"));
  EXPECT_FALSE(contains(CL.PreprocessFlags, "src/a.c"));
  // Only language flags reach the parser.
  EXPECT_TRUE(contains(CL.LanguageFlags, "-std=c11"));
  EXPECT_FALSE(contains(CL.LanguageFlags, "-Wall"));
  EXPECT_TRUE(contains(CL.DiagnosticFlags, "-Wall"));
}

TEST(CommandLine, WarningFlagsReachTheParse) {
  CommandLine CL =
      parse({"-c", "a.c", "-Wno-error=implicit-function-declaration", "-w",
             "-Wl,--as-needed", "-Wp,-DX", "-pedantic-errors", "-Werror"});
  EXPECT_EQ(CL.DiagnosticFlags,
            (std::vector<std::string>{
                "-Wno-error=implicit-function-declaration", "-w",
                "-pedantic-errors", "-Werror"}));
  EXPECT_TRUE(contains(CL.CompileFlags, "-w"));
}

TEST(CommandLine, SeparateValuesAreNotInputs) {
  CommandLine CL = parse({"-c", "-I", "include", "-D", "N", "-include", "pre.h",
                          "-isystem", "sys", "x.cpp"});
  ASSERT_EQ(CL.Inputs.size(), 1u);
  EXPECT_EQ(CL.Inputs[0].Path, "x.cpp");
  EXPECT_EQ(CL.Inputs[0].Language, SourceLanguage::CXX);
  EXPECT_FALSE(contains(CL.CompileFlags, "pre.h"));
  EXPECT_TRUE(contains(CL.PreprocessFlags, "pre.h"));
}

TEST(CommandLine, Modes) {
  EXPECT_EQ(parse({"a.c", "b.o", "-o", "prog", "-lm"}).What, Mode::Link);
  EXPECT_EQ(parse({"-S", "a.c"}).What, Mode::Assembly);
  EXPECT_EQ(parse({"-E", "a.c"}).What, Mode::Preprocess);
  EXPECT_EQ(parse({"-M", "a.c"}).What, Mode::Preprocess);
  EXPECT_EQ(parse({"-MM", "a.c"}).What, Mode::Preprocess);
  EXPECT_EQ(parse({"-fsyntax-only", "a.c"}).What, Mode::SyntaxOnly);
  EXPECT_EQ(parse({"--version"}).What, Mode::Query);
  EXPECT_EQ(parse({"-print-resource-dir"}).What, Mode::Query);
  EXPECT_EQ(parse({"-v"}).What, Mode::Query);
  // -MD alongside -c still compiles.
  EXPECT_EQ(parse({"-c", "-MD", "a.c"}).What, Mode::Object);
}

TEST(CommandLine, LanguageOverride) {
  CommandLine CL = parse({"-c", "-x", "c++", "a.h", "-x", "none", "b.c", "-xc",
                          "c.txt", "-x", "assembler", "d.s"});
  ASSERT_EQ(CL.Inputs.size(), 4u);
  EXPECT_EQ(CL.Inputs[0].Language, SourceLanguage::CXX);
  EXPECT_EQ(CL.Inputs[1].Language, SourceLanguage::C);
  EXPECT_EQ(CL.Inputs[2].Language, SourceLanguage::C);
  EXPECT_EQ(CL.Inputs[3].Language, SourceLanguage::Other);
  EXPECT_EQ(CL.instrumentable().size(), 3u);
  EXPECT_FALSE(contains(CL.CompileFlags, "-x"));
}

TEST(CommandLine, DependencyFlags) {
  CommandLine CL =
      parse({"-c", "-MD", "-MF", "a.d", "-MT", "a.o", "a.c", "-o", "a.o"});
  EXPECT_TRUE(CL.HasDepFile);
  EXPECT_TRUE(CL.HasDepOutput);
  EXPECT_TRUE(CL.HasDepTarget);
  EXPECT_TRUE(contains(CL.PreprocessFlags, "-MD"));
  EXPECT_TRUE(contains(CL.PreprocessFlags, "a.d"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-MD"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-MF"));
  CommandLine Plain = parse({"-c", "-MMD", "b.c"});
  EXPECT_TRUE(Plain.HasDepFile);
  EXPECT_FALSE(Plain.HasDepOutput);
  EXPECT_FALSE(Plain.HasDepTarget);
}

TEST(CommandLine, LinkerFlagsStayOutOfCompiles) {
  CommandLine CL =
      parse({"a.c", "-L/opt/lib", "-lfoo", "-Wl,--as-needed", "-pthread"});
  EXPECT_FALSE(contains(CL.CompileFlags, "-lfoo"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-Wl,--as-needed"));
  EXPECT_FALSE(contains(CL.PreprocessFlags, "-L/opt/lib"));
  EXPECT_TRUE(contains(CL.CompileFlags, "-pthread"));
  EXPECT_TRUE(contains(CL.PreprocessFlags, "-pthread"));
}

TEST(CommandLine, GccOnlyFlagsAreDropped) {
  CommandLine CL = parse({"-c", "a.c", "-fno-tree-vrp", "-fmax-errors=3",
                          "-fconserve-stack", "-fno-strict-aliasing"});
  EXPECT_EQ(CL.Dropped,
            (std::vector<std::string>{"-fno-tree-vrp", "-fmax-errors=3",
                                      "-fconserve-stack"}));
  EXPECT_TRUE(contains(CL.CompileFlags, "-fno-strict-aliasing"));
  EXPECT_FALSE(contains(CL.CompileFlags, "-fno-tree-vrp"));
}

TEST(CommandLine, ResponseFiles) {
  std::string Path = ::testing::TempDir() + "ravel_rsp_test.rsp";
  {
    std::ofstream Out(Path);
    Out << "-c \"dir with space/a.c\" -o a.o\n-DY=2\n";
  }
  CommandLine CL = parse({"@" + Path, "-O1"});
  std::remove(Path.c_str());
  EXPECT_EQ(CL.What, Mode::Object);
  ASSERT_EQ(CL.Inputs.size(), 1u);
  EXPECT_EQ(CL.Inputs[0].Path, "dir with space/a.c");
  EXPECT_EQ(CL.Output, "a.o");
  EXPECT_TRUE(contains(CL.PreprocessFlags, "-DY=2"));
  EXPECT_TRUE(contains(CL.CompileFlags, "-O1"));
}

TEST(CommandLine, DoubleDashEndsOptions) {
  CommandLine CL = parse({"-c", "-o", "a.o", "--", "-weird.c", "b.cpp"});
  ASSERT_EQ(CL.Inputs.size(), 2u);
  EXPECT_EQ(CL.Inputs[0].Path, "-weird.c");
  EXPECT_EQ(CL.Inputs[0].Language, SourceLanguage::C);
  EXPECT_EQ(CL.Inputs[1].Language, SourceLanguage::CXX);
  EXPECT_FALSE(contains(CL.PreprocessFlags, "--"));
}

TEST(CommandLine, StdinIsNotInstrumentable) {
  CommandLine CL = parse({"-x", "c", "-c", "-", "-o", "x.o"});
  ASSERT_EQ(CL.Inputs.size(), 1u);
  EXPECT_TRUE(CL.instrumentable().empty());
}

} // namespace
