//===- tests/tool/schedule_contract_test.cpp - runtime <-> driver files ---===//
//
// The schedule file is a contract between the runtime (which records and
// replays it) and the driver (which keeps, replays and shrinks it). Each side
// must read what the other writes: here the runtime's own writer and reader
// (runtime/scheduler/schedule_file.cpp) meet the driver's.
//
//===----------------------------------------------------------------------===//
#include "runtime/scheduler/schedule_file.h"
#include "tool/driver/schedule_document.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace rt = ravel::rt::sched;
namespace drv = ravel::driver;

namespace {

std::string tempPath() {
  char Name[] = "/tmp/ravel-contract-XXXXXX";
  int Fd = mkstemp(Name);
  EXPECT_GE(Fd, 0);
  close(Fd);
  return Name;
}

TEST(ScheduleContract, DriverReadsWhatTheRuntimeRecords) {
  std::string Path = tempPath();
  rt::DecisionLog Log;
  // A long line (more than 32 tokens), every kind, several decisions in
  // one step and the `-` value.
  const char Kinds[] = "twsc";
  for (uint32_t I = 0; I < 40; ++I)
    Log.append(rt::Decision{uint64_t(I) * 7 / 2, I % 3, Kinds[I % 4]});
  for (int I = 0; I < 5; ++I)
    Log.append(rt::Decision{1000000000000ull, 7, 'w'});
  Log.append(rt::Decision{1000000000001ull, rt::kDefaultDecision, 'c'});
  rt::ScheduleHeader H;
  H.Strategy = "pct";
  H.Seed = 17;
  H.Depth = 3;
  H.Steps = 1234;
  H.Exact = false;
  H.Notes = "thread 2 blocked outside ravel's view\nsecond note";
  ASSERT_TRUE(rt::writeScheduleFile(Path.c_str(), H, Log));

  auto S = drv::readScheduleFile(Path);
  ASSERT_TRUE(static_cast<bool>(S)) << llvm::toString(S.takeError());
  EXPECT_EQ(S->get("strategy"), "pct");
  EXPECT_EQ(S->get("seed"), "17");
  EXPECT_EQ(S->get("steps"), "1234");
  EXPECT_EQ(S->get("exact"), "0");
  EXPECT_EQ(S->all("note"),
            (std::vector<std::string>{"thread 2 blocked outside ravel's view",
                                      "second note"}));
  // The runtime writes this test's own command line as argv.
  EXPECT_FALSE(S->program().empty());
  EXPECT_EQ(S->Version, 3);
  ASSERT_EQ(S->Decisions.size(), Log.size());
  ASSERT_EQ(S->DecisionAt.size(), Log.size());
  for (uint32_t I = 0; I < Log.size(); ++I) {
    EXPECT_EQ(S->Decisions[I], Log.at(I).Value == rt::kDefaultDecision
                                   ? drv::NoPreemption
                                   : static_cast<int64_t>(Log.at(I).Value))
        << I;
    EXPECT_EQ(S->DecisionAt[I],
              std::to_string(Log.at(I).Step) + Log.at(I).Kind)
        << I;
  }
  // And the driver writes it back as the runtime wrote it.
  std::ifstream In(Path);
  std::stringstream Text;
  Text << In.rdbuf();
  EXPECT_EQ(drv::printScheduleFile(*S), Text.str());
  unlink(Path.c_str());
}

TEST(ScheduleContract, RuntimeReadsWhatTheDriverWrites) {
  // What `ravel run` keeps (argv rewritten, finding added) and what
  // `ravel shrink` writes (`-` in place of forced decisions).
  drv::ScheduleFile S;
  S.Header = {{"strategy", "pct"},
              {"seed", "5"},
              {"argv", "[\"./bank\",\"4\"]"},
              {"finding", "RV-DR-00000000000000a1"}};
  for (int I = 0; I < 70; ++I)
    S.Decisions.push_back(I % 5 == 0 ? drv::NoPreemption : I % 2);
  std::string Path = tempPath();
  std::ofstream(Path) << drv::printScheduleFile(S);

  rt::DecisionLog Log;
  char Err[256] = "";
  ASSERT_TRUE(rt::readScheduleFile(Path.c_str(), Log, Err, sizeof(Err))) << Err;
  ASSERT_EQ(Log.size(), S.Decisions.size());
  for (uint32_t I = 0; I < Log.size(); ++I)
    EXPECT_EQ(Log.at(I).Value, S.Decisions[I] == drv::NoPreemption
                             ? rt::kDefaultDecision
                             : static_cast<uint32_t>(S.Decisions[I]))
        << I;
  unlink(Path.c_str());
}

// Both readers exist (docs/architecture.md, "Two readers of a schedule
// file"): each must accept exactly the files the other accepts and read
// the same decisions from them, damaged files included.
struct Case {
  const char *Name;
  const char *Text;
  bool Valid;
};

const Case Cases[] = {
    {"v2 minimal", "ravel-schedule 2\nstrategy pct\ndecisions 3\n1 2 -\n",
     true},
    {"v1", "ravel-schedule 1\nseed 3\ndecisions 2\n0*2\n", true},
    {"repeats and blank lines",
     "ravel-schedule 2\n\nsteps 10\nmax_steps 1000\ndecisions 5\n-*3\n\n7 "
     "9\n",
     true},
    {"unknown keys and notes",
     "ravel-schedule 2\nfuture_key some value\nnote a b c\nnote \nsite 2 "
     "a.c:3\ndecisions 1\n4294967294\n",
     true},
    {"fingerprints",
     "ravel-schedule 2\nsite 1 a.c:1\ndecisions 2\n1 0\nfingerprints 2\n"
     "t0@1:3 w12@0:#ff.70\n",
     true},
    {"empty", "", false},
    {"not a schedule", "hello\n", false},
    {"version 4", "ravel-schedule 4\ndecisions 0\n\n", false},
    {"v3 empty", "ravel-schedule 3\ndecisions 0\n\n", true},
    {"v3 path", "ravel-schedule 3\npath 0123456789abcdef\ndecisions 0\n\n",
     true},
    {"v3 bad path", "ravel-schedule 3\npath 12G\ndecisions 0\n\n", false},
    {"points all", "ravel-schedule 3\npoints all\ndecisions 0\n\n", true},
    {"points shared", "ravel-schedule 3\npoints shared\ndecisions 0\n\n",
     true},
    {"bad points", "ravel-schedule 3\npoints some\ndecisions 0\n\n", false},
    {"racy sites",
     "ravel-schedule 3\nracy_site 12:5\nracy_site 1099511627775:1048575\n"
     "decisions 0\n\n",
     true},
    {"racy site without column", "ravel-schedule 3\nracy_site 12\ndecisions 0\n\n",
     false},
    {"racy site column too large",
     "ravel-schedule 3\nracy_site 12:1048576\ndecisions 0\n\n", false},
    {"racy site not a number", "ravel-schedule 3\nracy_site a:1\ndecisions 0\n\n",
     false},
    {"v3 long path", "ravel-schedule 3\npath 0123456789abcdef0\ndecisions 0\n\n",
     false},
    {"v3 every kind",
     "ravel-schedule 3\nsite 1 a.c:1\ndecisions 5\n3t1 3w0 9s- 9c2 "
     "1152921504606846975t4294967294\nfingerprints 5\n"
     "t3@1:3 w0@1:3 s6@1:ffff c0@1:7 t9@1:3\n",
     true},
    {"v3 steps go backwards", "ravel-schedule 3\ndecisions 2\n9t1 3t0\n",
     false},
    {"v3 value without step", "ravel-schedule 3\ndecisions 1\n1\n", false},
    {"v3 unknown kind", "ravel-schedule 3\ndecisions 1\n3x1\n", false},
    {"v3 no value", "ravel-schedule 3\ndecisions 1\n3t\n", false},
    {"v3 repeat", "ravel-schedule 3\ndecisions 2\n3t1*2\n", false},
    {"v3 step too large",
     "ravel-schedule 3\ndecisions 1\n1152921504606846976t1\n", false},
    {"v3 value out of range",
     "ravel-schedule 3\ndecisions 1\n3t4294967295\n", false},
    {"v3 more decisions", "ravel-schedule 3\ndecisions 1\n3t1 4t1\n",
     false},
    {"v3 fewer decisions", "ravel-schedule 3\ndecisions 2\n3t1\n", false},
    {"magic without a newline", "ravel-schedule 2", false},
    {"no decisions line", "ravel-schedule 2\nstrategy pct\n", false},
    {"header line without a value",
     "ravel-schedule 2\nstrategy\ndecisions 1\n0\n", false},
    {"header line starting with a space",
     "ravel-schedule 2\n strategy pct\ndecisions 1\n0\n", false},
    {"bad steps", "ravel-schedule 2\nsteps 1x\ndecisions 1\n0\n", false},
    {"bad max_steps", "ravel-schedule 2\nmax_steps \ndecisions 1\n0\n", false},
    {"site without text", "ravel-schedule 2\nsite 3\ndecisions 1\n0\n", false},
    {"site 0", "ravel-schedule 2\nsite 0 a.c:1\ndecisions 1\n0\n", false},
    {"bad decision count", "ravel-schedule 2\ndecisions x\n0\n", false},
    {"fewer decisions", "ravel-schedule 2\ndecisions 3\n0 1\n", false},
    {"more decisions", "ravel-schedule 2\ndecisions 1\n0 1\n", false},
    {"repeat past the count", "ravel-schedule 2\ndecisions 2\n0*3\n", false},
    {"value out of range", "ravel-schedule 2\ndecisions 1\n4294967295\n",
     false},
    {"letter among decisions", "ravel-schedule 2\ndecisions 2\n0 x\n", false},
    {"repeat count missing", "ravel-schedule 2\ndecisions 2\n0*\n", false},
    {"repeat count 0", "ravel-schedule 2\ndecisions 2\n1*0 1 2\n", false},
    {"no space between decisions", "ravel-schedule 2\ndecisions 2\n1-\n",
     false},
    {"tab between decisions", "ravel-schedule 2\ndecisions 2\n1\t2\n", false},
    {"more than the file can hold",
     "ravel-schedule 2\ndecisions 20000000\n-*20000000\n", false},
    {"fingerprints in version 1",
     "ravel-schedule 1\ndecisions 1\n0\nfingerprints 1\nt0@1:1\n", false},
    {"fingerprint count differs",
     "ravel-schedule 2\ndecisions 1\n0\nfingerprints 2\nt0@1:1\n", false},
    {"fewer fingerprints",
     "ravel-schedule 2\ndecisions 2\n0 1\nfingerprints 2\nt0@1:1\n", false},
    {"more fingerprints",
     "ravel-schedule 2\ndecisions 1\n0\nfingerprints 1\nt0@1:1 t0@1:1\n",
     false},
    {"malformed fingerprint",
     "ravel-schedule 2\ndecisions 1\n0\nfingerprints 1\nx0@1:1\n", false},
    {"fingerprint without its set",
     "ravel-schedule 2\ndecisions 1\n0\nfingerprints 1\nt0@1:\n", false},
    {"fingerprints split by a tab",
     "ravel-schedule 2\ndecisions 2\n0 1\nfingerprints 2\nt0@1:1\tt0@1:1\n",
     false},
};

TEST(ScheduleContract, BothReadersAgreeOnEveryInput) {
  for (const Case &C : Cases) {
    std::string Path = tempPath();
    std::ofstream(Path, std::ios::binary) << C.Text;
    rt::DecisionLog Log;
    char Err[512] = "";
    bool RuntimeOk = rt::readScheduleFile(Path.c_str(), Log, Err, sizeof(Err));
    auto S = drv::parseScheduleFile(C.Text, C.Name);
    bool DriverOk = static_cast<bool>(S);
    std::string DriverErr = DriverOk ? "" : llvm::toString(S.takeError());
    EXPECT_EQ(RuntimeOk, C.Valid) << C.Name << ": runtime: " << Err;
    EXPECT_EQ(DriverOk, C.Valid) << C.Name << ": driver: " << DriverErr;
    if (RuntimeOk && DriverOk) {
      ASSERT_EQ(S->Decisions.size(), Log.size()) << C.Name;
      for (uint32_t I = 0; I < Log.size(); ++I)
        EXPECT_EQ(S->Decisions[I], Log.at(I).Value == rt::kDefaultDecision
                                       ? drv::NoPreemption
                                       : static_cast<int64_t>(Log.at(I).Value))
            << C.Name << " decision " << I;
    }
    unlink(Path.c_str());
  }
}

} // namespace
